package dev.lagless.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lagless.config.ConfigParser;
import dev.lagless.config.ConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A doc that lies is a bug: every command a user would copy from README.md and docs/ (the {@code sh}
 * blocks) is checked here or run by {@code .ci/run}.
 * <ul>
 *   <li>a command {@code .ci/run} contains verbatim is run there (the README's build-and-demo line,
 *       {@code mvn -B verify}, {@code benchmarks/run --quick});
 *   <li>{@code export LAGLESS_…} lines must name real settings with values the agent accepts (all the
 *       exports of a block together, as a shell would have them);
 *   <li>{@code java -jar …lagless-agent.jar VERB …}: the verb and every argument must be accepted
 *       (run here with {@code --help} appended, which parses them and stops); DemoTest and DoctorTest in
 *       integration-tests run both verbs for real;
 *   <li>{@code java -javaagent:…lagless-agent.jar …}: the way every integration test starts its
 *       applications;
 *   <li>anything else must be listed in {@link #NOT_RUN} with the reason.
 * </ul>
 * Commands may not hide in blocks without a language either.
 */
class DocCommandsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern EXPORT = Pattern.compile("export ([A-Z_][A-Z0-9_]*)=(\\S*)");
  private static final Pattern ENV_PREFIX = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(\\S+)\\s+");
  private static final Pattern COMMAND_LIKE = Pattern.compile("^\\s*(\\$ )?(java|mvn|export|benchmarks/run|curl|psql)\\b.*");

  /** Commands shown but not run, and why. Keep it short: each entry is a claim nobody checks. */
  private static final Map<String, String> NOT_RUN = Map.of(
      "benchmarks/run", "the full benchmark run (about an hour); .ci/run runs benchmarks/run --quick, the same code");

  /**
   * Sections ({@code file#heading}) whose commands are run by hand, and why; their {@code LAGLESS_*}
   * settings and {@code -javaagent} lines are still checked.
   */
  private static final Map<String, String> BY_HAND = Map.of(
      "docs/reliability.md#pgjdbc's own test suite, with and without the agent",
      "builds and runs pgjdbc's test suite outside this repository, whose code may not be committed here");

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  /** A fenced block: its language and lines. */
  private static final class Block {
    final Path file;
    final int line;
    final String language;
    /** {@code file#heading} of the {@code ## } section it is in. */
    final String section;
    final List<String> lines = new ArrayList<>();

    Block(Path file, int line, String language, String heading) {
      this.file = file;
      this.line = line;
      this.language = language;
      this.section = ROOT.relativize(file) + "#" + heading;
    }

    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  private static List<Block> blocks() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path document : documents()) {
      List<String> lines = Files.readAllLines(document);
      Block open = null;
      String heading = "";
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (open == null && line.startsWith("## ")) {
          heading = line.substring(3).trim();
        }
        if (line.trim().startsWith("```")) {
          if (open == null) {
            open = new Block(document, i + 1, line.trim().substring(3).trim(), heading);
          } else {
            blocks.add(open);
            open = null;
          }
        } else if (open != null) {
          open.lines.add(line);
        }
      }
    }
    return blocks;
  }

  /** The commands of a shell block: comments dropped, continuation lines joined. */
  private static List<String> commands(Block block) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.lines) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      commands.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
      current.setLength(0);
    }
    return commands;
  }

  @Test
  void everyCommandInTheDocsIsCheckedOrRun() throws IOException {
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Block block : blocks()) {
      if (!block.language.equals("sh")) {
        continue;
      }
      Map<String, String> exported = new LinkedHashMap<>();
      for (String command : commands(block)) {
        checked++;
        if (ci.contains(command)) {
          continue; // .ci/run runs it, as written
        }
        for (String part : command.split(" && ")) {
          String problem = check(part.trim(), exported);
          if (problem != null && problem.startsWith("neither run") && BY_HAND.containsKey(block.section)) {
            continue;
          }
          if (problem != null) {
            failures.add(block.where() + ": " + part.trim() + "\n    " + problem);
          }
        }
      }
    }
    assertTrue(checked >= 5, "the README alone shows more commands than " + checked);
    if (!failures.isEmpty()) {
      fail("commands in the docs that nothing checks or that do not work:\n" + String.join("\n", failures));
    }
  }

  /** Null when the command is fine; else what is wrong with it. */
  private static String check(String command, Map<String, String> exported) {
    Matcher export = EXPORT.matcher(command);
    if (export.matches()) {
      exported.put(export.group(1), export.group(2));
      return settingsProblem(exported);
    }
    Map<String, String> environment = new LinkedHashMap<>(exported);
    Matcher prefix = ENV_PREFIX.matcher(command);
    while (prefix.find()) {
      environment.put(prefix.group(1), prefix.group(2));
      command = command.substring(prefix.end());
      prefix = ENV_PREFIX.matcher(command);
    }
    String settings = settingsProblem(environment);
    if (settings != null) {
      return settings;
    }
    List<String> words = Arrays.asList(command.split(" "));
    if (words.size() >= 3 && words.get(0).equals("java") && words.get(1).equals("-jar")
        && words.get(2).endsWith("lagless-agent.jar")) {
      return cliProblem(words.subList(3, words.size()));
    }
    if (words.get(0).equals("java") && words.stream().anyMatch(w -> w.startsWith("-javaagent:")
        && w.endsWith("/lagless-agent.jar"))) {
      // How every integration test starts its applications (ForkedJvm.withAgent); -Dlagless.* settings
      // before it are checked like the variables.
      Map<String, String> properties = new LinkedHashMap<>();
      for (String word : words) {
        if (word.startsWith("-Dlagless.") && word.contains("=")) {
          properties.put(word.substring(2, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
        }
      }
      return settingsProblem(environment, properties);
    }
    return NOT_RUN.containsKey(command) ? null
        : "neither run by .ci/run nor checked here (add it to .ci/run, or to NOT_RUN with the reason)";
  }

  private static String settingsProblem(Map<String, String> environment) {
    return settingsProblem(environment, Map.of());
  }

  private static String settingsProblem(Map<String, String> environment, Map<String, String> properties) {
    Map<String, String> lagless = environment.entrySet().stream().filter(e -> e.getKey().startsWith("LAGLESS_"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    ConfigSource source = ConfigSource.of(lagless, properties);
    if (!source.unknownNames().isEmpty()) {
      return "no such setting: " + source.unknownNames();
    }
    ConfigParser.Result result = ConfigParser.parse(source);
    return result.isValid() ? null : "the agent rejects it: " + result.problems();
  }

  private static String cliProblem(List<String> arguments) {
    List<String> withHelp = new ArrayList<>(arguments);
    String verb = arguments.isEmpty() ? "help" : arguments.get(0);
    if (verb.equals("demo") || verb.equals("doctor")) {
      withHelp.add("--help"); // parses every argument, then prints usage instead of running
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = LaglessCli.run(withHelp.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return exit == 0 ? null : "exit " + exit + ": " + err.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void commandsDoNotHideInBlocksWithoutALanguage() throws IOException {
    List<String> hidden = new ArrayList<>();
    for (Block block : blocks()) {
      if (block.language.isEmpty()) {
        for (String line : block.lines) {
          if (COMMAND_LIKE.matcher(line).matches()) {
            hidden.add(block.where() + ": " + line.trim());
          }
        }
      }
    }
    assertEquals(List.of(), hidden, "mark command blocks as ```sh so that they are checked");
  }

  @Test
  void theCheckItselfRejectsWhatIsWrong() {
    assertFalse(check("export LAGLESS_REPLICA=db:5432", new LinkedHashMap<>()) == null, "a misspelt setting");
    assertFalse(check("export LAGLESS_MAX_LAG=soon", new LinkedHashMap<>()) == null, "a bad value");
    assertFalse(check("java -jar agent/target/lagless-agent.jar demo --lag soon", new LinkedHashMap<>()) == null,
        "a bad argument");
    assertFalse(check("java -jar agent/target/lagless-agent.jar doktor", new LinkedHashMap<>()) == null, "a bad verb");
    assertFalse(check("rm -rf build", new LinkedHashMap<>()) == null, "an unchecked command");
    assertFalse(check("java -Dlagless.max.lag=soon -javaagent:/opt/lagless/lagless-agent.jar -jar app.jar",
        new LinkedHashMap<>()) == null, "a bad system property");
    assertEquals(null, check("PGPASSWORD=x java -jar agent/target/lagless-agent.jar doctor --url"
        + " jdbc:postgresql://db:5432/app --user app", new LinkedHashMap<>()));
  }
}
