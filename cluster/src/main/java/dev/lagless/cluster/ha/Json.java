package dev.lagless.cluster.ha;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for Patroni's and etcd's REST answers: objects become maps, arrays lists, numbers
 * {@code Long} (or {@code Double} with a fraction or exponent). The cluster module has no JSON library
 * and these answers are small and trusted, so a reader of a hundred lines beats a new dependency.
 */
final class Json {

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** Parses a whole text; anything malformed, truncated answers included, is an IllegalArgumentException. */
  static Object parse(String text) {
    Json json = new Json(text);
    try {
      Object value = json.value();
      json.skipSpace();
      if (json.at != text.length()) {
        throw json.error("trailing characters");
      }
      return value;
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw json.error(e.toString());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + text);
    }
    return (Map<String, Object>) value;
  }

  /** A string member, or null when absent or not a string. */
  static String string(Map<String, Object> object, String key) {
    Object value = object.get(key);
    return value instanceof String ? (String) value : null;
  }

  /** A whole-number member, or {@code fallback} when absent or not a number. */
  static long number(Map<String, Object> object, String key, long fallback) {
    Object value = object.get(key);
    return value instanceof Number ? ((Number) value).longValue() : fallback;
  }

  /** The objects of an array member; empty when absent. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(Map<String, Object> object, String key) {
    List<Map<String, Object>> result = new ArrayList<>();
    Object value = object.get(key);
    if (value instanceof List) {
      for (Object item : (List<Object>) value) {
        if (item instanceof Map) {
          result.add((Map<String, Object>) item);
        }
      }
    }
    return result;
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return objectValue();
      case '[':
        return arrayValue();
      case '"':
        return stringValue();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return numberValue();
    }
  }

  private Map<String, Object> objectValue() {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      String key = stringValue();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> arrayValue() {
    List<Object> list = new ArrayList<>();
    at++;
    skipSpace();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String stringValue() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
          break;
        default:
          out.append(escaped);
      }
    }
    throw error("unterminated string");
  }

  private Object numberValue() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String number = text.substring(start, at);
    if (number.isEmpty()) {
      throw error("unexpected character");
    }
    if (number.contains(".") || number.contains("e") || number.contains("E")) {
      return Double.parseDouble(number);
    }
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException tooLarge) {
      return Double.parseDouble(number);
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("expected " + word);
    }
    at += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("bad JSON at " + at + " (" + what + "): " + text);
  }
}
