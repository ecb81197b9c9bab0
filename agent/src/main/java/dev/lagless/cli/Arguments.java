package dev.lagless.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a command: {@code --name value} or {@code --name=value}, each at most once, from a
 * known set; {@code --help} / {@code -h} anywhere. Anything else is an IllegalArgumentException whose
 * message says what was wrong.
 */
public final class Arguments {

  private final Map<String, String> values;
  private final boolean help;

  private Arguments(Map<String, String> values, boolean help) {
    this.values = values;
    this.help = help;
  }

  public static Arguments parse(List<String> args, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Arguments(values, true); // the arguments before it were checked
      }
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      String value;
      if (equals > 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return new Arguments(values, false);
  }

  public boolean help() {
    return help;
  }

  /** The value of {@code name}, or null when it was not given. */
  public String get(String name) {
    return values.get(name);
  }
}
