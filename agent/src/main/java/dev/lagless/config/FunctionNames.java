package dev.lagless.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses {@code LAGLESS_WRITE_FUNCTIONS} / {@code LAGLESS_READ_FUNCTIONS}: {@code name} or {@code schema.name}. */
final class FunctionNames {

  private FunctionNames() {}

  static Set<String> parse(String value) throws InvalidSettingException {
    String allowed = "expected comma-separated function names, each name or schema.name (unquoted identifiers)";
    Set<String> names = new LinkedHashSet<>();
    for (String item : Values.splitList(value, "function names")) {
      String[] parts = item.split("\\.", -1);
      if (parts.length > 2) {
        throw new InvalidSettingException(allowed);
      }
      for (String part : parts) {
        if (!isIdentifier(part)) {
          throw new InvalidSettingException(allowed);
        }
      }
      // PostgreSQL folds unquoted identifiers to lower case; so do we.
      names.add(item.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(names);
  }

  static List<String> overlap(Set<String> a, Set<String> b) {
    List<String> both = new ArrayList<>();
    for (String name : a) {
      if (b.contains(name)) {
        both.add(name);
      }
    }
    return both;
  }

  private static boolean isIdentifier(String part) {
    if (part.isEmpty() || part.length() > 63) {
      return false;
    }
    char first = part.charAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return false;
    }
    for (int i = 1; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
        return false;
      }
    }
    return true;
  }
}
