package dev.lagless.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard of docs/grafana, read without a JSON library ({@link dev.lagless.discovery.JsonReader}), and the
 * PromQL in it: {@link #expressions(Path)} gives every query ready to send to a Prometheus, for tests
 * that run them; {@link #metricNames(String)} and {@link #labelNames(String)} take a query apart far
 * enough to check it against the series the agent exports.
 */
public final class GrafanaDashboard {

  /** The dashboard file, relative to the agent module (Maven's working directory for its tests). */
  public static final Path FROM_AGENT_MODULE = Path.of("../docs/grafana/lagless-golden-signals.json");

  /** What Grafana's built-in interval variables stand for in {@link #expressions(Path)}. */
  public static final String INTERVAL = "1m";

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)\\}");
  private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2");
  /** {@code $var}, {@code ${var}}, {@code ${var:format}} and {@code [[var]]}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?\\}|\\$([A-Za-z0-9_]+)|\\[\\[([A-Za-z0-9_]+)(?::[^\\]]*)?\\]\\]");

  private GrafanaDashboard() {
  }

  /**
   * Every query ({@code expr} of every target, rows' nested panels included, in dashboard order), as
   * Prometheus can run it: the dashboard's variables ({@code $job}, {@code ${instance}},
   * {@code [[job]]} ...) replaced by {@code .*}, which is what a multi-value variable with "All"
   * selected and an all value of {@code .*} becomes inside {@code =~"..."}; Grafana's interval
   * variables ({@code $__rate_interval}, {@code $__interval}, {@code $__range}) by {@value #INTERVAL}.
   */
  public static List<String> expressions(Path json) {
    List<String> out = new ArrayList<>();
    for (String expr : rawExpressions(load(json))) {
      out.add(substituteVariables(expr));
    }
    return out;
  }

  /** The dashboard as maps and lists (see {@link dev.lagless.discovery.JsonReader}); the file must be one JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(Path json) {
    String text;
    try {
      text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard " + json.toAbsolutePath(), e);
    }
    Object document = dev.lagless.discovery.JsonReader.read(text);
    if (!(document instanceof Map)) {
      throw new IllegalArgumentException(json + " is not a JSON object");
    }
    return (Map<String, Object>) document;
  }

  /** The panels in dashboard order, each row followed by the panels nested in it (collapsed rows). */
  public static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> panel : objects(dashboard.get("panels"))) {
      out.add(panel);
      out.addAll(objects(panel.get("panels")));
    }
    return out;
  }

  /** The targets' {@code expr} strings as written (variables not substituted); a missing one as "". */
  public static List<String> rawExpressions(Map<String, Object> dashboard) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> panel : panels(dashboard)) {
      for (Map<String, Object> target : objects(panel.get("targets"))) {
        Object expr = target.get("expr");
        out.add(expr instanceof String ? (String) expr : "");
      }
    }
    return out;
  }

  /** See {@link #expressions(Path)}. */
  public static String substituteVariables(String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = variableName(m);
      String value = name.startsWith("__") ? INTERVAL : ".*";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the dashboard variables an expression uses (Grafana's own {@code $__...} left out). */
  public static Set<String> variables(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(expr);
    while (m.find()) {
      String name = variableName(m);
      if (!name.startsWith("__")) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * The metric names an expression selects: identifiers outside label matchers, ranges, strings and
   * grouping clauses that are neither a function or aggregation (followed by "(") nor a keyword.
   * Enough for the dashboard's PromQL, not a PromQL parser ({@code {__name__="..."}} is not seen).
   */
  public static Set<String> metricNames(String expr) {
    String rest = GROUPING.matcher(SELECTOR.matcher(RANGE.matcher(blankStrings(expr)).replaceAll(" "))
        .replaceAll(" ")).replaceAll(" ");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String name = m.group();
      int next = m.end();
      while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
        next++;
      }
      boolean call = next < rest.length() && rest.charAt(next) == '(';
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.add(name);
      }
    }
    return out;
  }

  /** The label names an expression mentions, in label matchers and in by/without/on/ignoring/group_x. */
  public static Set<String> labelNames(String expr) {
    Set<String> out = new LinkedHashSet<>(matcherLabels(expr));
    out.addAll(groupingLabels(expr));
    return out;
  }

  /** The label names in {@code {...}} label matchers. */
  public static Set<String> matcherLabels(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher selector = SELECTOR.matcher(blankStrings(expr));
    while (selector.find()) {
      Matcher label = MATCHER.matcher(selector.group(1));
      while (label.find()) {
        out.add(label.group(1));
      }
    }
    return out;
  }

  /** The label names in by/without/on/ignoring/group_left/group_right clauses. */
  public static Set<String> groupingLabels(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher grouping = GROUPING.matcher(blankStrings(expr));
    while (grouping.find()) {
      for (String label : grouping.group(2).split(",")) {
        if (!label.isBlank()) {
          out.add(label.trim());
        }
      }
    }
    return out;
  }

  /** The expression with the contents of its string literals blanked ({@code "a{b"} becomes {@code ""}). */
  public static String blankStrings(String expr) {
    Matcher m = STRING.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, "\"\"");
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String variableName(Matcher m) {
    return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
  }

  /** The JSON objects of an array (anything else in it, or a missing array, ignored). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Object array) {
    if (!(array instanceof List)) {
      return Collections.emptyList();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object element : (List<Object>) array) {
      if (element instanceof Map) {
        out.add((Map<String, Object>) element);
      }
    }
    return out;
  }
}
