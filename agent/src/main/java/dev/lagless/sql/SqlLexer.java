package dev.lagless.sql;

/**
 * A single-pass PostgreSQL lexer. It turns a statement string into tokens held in primitive arrays
 * (type, start, end), skipping whitespace and comments, in time linear in the length and without
 * regular expressions. It never throws: malformed input (an unterminated string, quoted identifier,
 * comment or dollar quote) sets {@link #malformed} and ends the token stream there.
 *
 * <p>It knows: {@code --} and nested {@code /* *}{@code /} comments; {@code '…'} strings with {@code ''}
 * (backslashes are ordinary, as with {@code standard_conforming_strings=on}); {@code E'…'} with
 * backslash escapes; {@code B'…'}, {@code X'…'}, {@code N'…'}, {@code U&'…'}; dollar quoting
 * {@code $tag$…$tag$}; {@code "quoted identifiers"} with {@code ""}; {@code $n} and {@code ?}
 * parameters; numbers. A comment before the first token is offered to {@link #leadingComment}, which is
 * where the {@code lagless:} hints live.
 *
 * <p>One instance per thread (see {@link SqlClassifier}): the arrays are reused between statements.
 */
final class SqlLexer {

  int[] types = new int[64];
  int[] starts = new int[64];
  int[] ends = new int[64];
  int count;
  boolean malformed;
  /** Hint comments seen before the first token: 0 none, else {@link Hint} ordinal + 1. */
  int leadingHint;

  private String sql;
  private int length;

  /** Drops the reference to the last text, so a per-thread lexer does not keep a large statement alive. */
  void forget() {
    this.sql = null;
    this.count = 0;
  }

  void lex(String text) {
    this.sql = text;
    this.length = text.length();
    this.count = 0;
    this.malformed = false;
    this.leadingHint = 0;
    int i = 0;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        i++;
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i + 2);
        end = end < 0 ? length : end;
        leadingComment(i + 2, end);
        i = end;
      } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
        int end = blockCommentEnd(i + 2);
        if (end < 0) {
          malformed = true;
          return;
        }
        leadingComment(i + 2, end - 2);
        i = end;
      } else if (c == '\'') {
        i = string(i, i + 1, false);
      } else if (c == '"') {
        i = quotedIdentifier(i, i + 1);
      } else if (isIdentifierStart(c)) {
        i = wordOrPrefixedString(i);
      } else if (c >= '0' && c <= '9' || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
        i = number(i);
      } else if (c == '$') {
        i = dollar(i);
      } else if (c == '?') {
        add(TokenType.PARAM, i, i + 1);
        i++;
      } else if (c == '(') {
        add(TokenType.LPAREN, i, i + 1);
        i++;
      } else if (c == ')') {
        add(TokenType.RPAREN, i, i + 1);
        i++;
      } else if (c == ',') {
        add(TokenType.COMMA, i, i + 1);
        i++;
      } else if (c == ';') {
        add(TokenType.SEMICOLON, i, i + 1);
        i++;
      } else if (c == '.') {
        add(TokenType.DOT, i, i + 1);
        i++;
      } else {
        i = operator(i);
      }
      if (malformed) {
        return;
      }
    }
  }

  String text() {
    return sql;
  }

  /** Case-insensitive comparison of token {@code index} with a lower-case keyword, allocation-free. */
  boolean is(int index, String lowerKeyword) {
    if (index >= count || types[index] != TokenType.WORD) {
      return false;
    }
    int start = starts[index];
    int len = ends[index] - start;
    if (len != lowerKeyword.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      char c = sql.charAt(start + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != lowerKeyword.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  boolean isType(int index, int type) {
    return index < count && types[index] == type;
  }

  /** The token's text as a name: unquoted words folded to lower case, quoted identifiers unquoted. */
  String name(int index) {
    int start = starts[index];
    int end = ends[index];
    if (types[index] == TokenType.QUOTED_IDENT) {
      int open = sql.indexOf('"', start);
      return sql.substring(open + 1, end - 1).replace("\"\"", "\"");
    }
    return lower(sql, start, end);
  }

  static String lower(String s, int start, int end) {
    boolean needs = false;
    for (int k = start; k < end; k++) {
      char c = s.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        needs = true;
        break;
      }
    }
    String piece = s.substring(start, end);
    return needs ? piece.toLowerCase(java.util.Locale.ROOT) : piece;
  }

  private void leadingComment(int from, int to) {
    if (count > 0 || leadingHint == Hint.PRIMARY.ordinal() + 1) {
      return;
    }
    // A comment may say lagless:primary or lagless:replica; primary wins when both appear.
    int at = indexOfIgnoreCase("lagless:", from, to);
    while (at >= 0) {
      int after = at + "lagless:".length();
      if (regionIs(after, to, "primary")) {
        leadingHint = Hint.PRIMARY.ordinal() + 1;
        return;
      }
      if (regionIs(after, to, "replica")) {
        leadingHint = Hint.REPLICA.ordinal() + 1;
      }
      at = indexOfIgnoreCase("lagless:", after, to);
    }
  }

  private boolean regionIs(int from, int to, String word) {
    return from + word.length() <= to && sql.regionMatches(true, from, word, 0, word.length())
        && (from + word.length() == to || !isIdentifierPart(sql.charAt(from + word.length())));
  }

  private int indexOfIgnoreCase(String needle, int from, int to) {
    for (int k = from; k + needle.length() <= to; k++) {
      if (sql.regionMatches(true, k, needle, 0, needle.length())) {
        return k;
      }
    }
    return -1;
  }

  /** The index just past the {@code *}{@code /} that closes a (possibly nested) block comment, or -1. */
  private int blockCommentEnd(int from) {
    int depth = 1;
    int i = from;
    while (i < length - 1) {
      char c = sql.charAt(i);
      if (c == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else if (c == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** A quoted string starting at {@code tokenStart}, body at {@code from}; backslash escapes in E''. */
  private int string(int tokenStart, int from, boolean backslashEscapes) {
    int i = from;
    while (i < length) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < length && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          add(TokenType.STRING, tokenStart, i + 1);
          return i + 1;
        }
      } else {
        i++;
      }
    }
    malformed = true;
    return length;
  }

  private int quotedIdentifier(int tokenStart, int from) {
    int i = from;
    while (i < length) {
      if (sql.charAt(i) == '"') {
        if (i + 1 < length && sql.charAt(i + 1) == '"') {
          i += 2;
        } else {
          add(TokenType.QUOTED_IDENT, tokenStart, i + 1);
          return i + 1;
        }
      } else {
        i++;
      }
    }
    malformed = true;
    return length;
  }

  private int wordOrPrefixedString(int start) {
    char c = sql.charAt(start);
    if (start + 1 < length && sql.charAt(start + 1) == '\'') {
      char lower = (char) (c | 0x20);
      if (lower == 'e') {
        return string(start, start + 2, true);
      }
      if (lower == 'b' || lower == 'x' || lower == 'n') {
        return string(start, start + 2, false);
      }
    }
    if ((c == 'u' || c == 'U') && start + 2 < length && sql.charAt(start + 1) == '&') {
      char quote = sql.charAt(start + 2);
      if (quote == '\'') {
        return string(start, start + 3, false);
      }
      if (quote == '"') {
        return quotedIdentifier(start, start + 3);
      }
    }
    int i = start + 1;
    while (i < length && isIdentifierPart(sql.charAt(i))) {
      i++;
    }
    add(TokenType.WORD, start, i);
    return i;
  }

  private int number(int start) {
    int i = start;
    while (i < length) {
      char c = sql.charAt(i);
      if (isDigit(c) || c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        // 1e-5: a sign right after an exponent marker belongs to the number.
        if ((c == 'e' || c == 'E') && i + 1 < length && (sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
          i++;
        }
        i++;
      } else {
        break;
      }
    }
    add(TokenType.NUMBER, start, i);
    return i;
  }

  /** {@code $1} (a parameter), {@code $tag$…$tag$} or {@code $$…$$} (a string), else an operator. */
  private int dollar(int start) {
    int i = start + 1;
    if (i < length && isDigit(sql.charAt(i))) {
      while (i < length && isDigit(sql.charAt(i))) {
        i++;
      }
      add(TokenType.PARAM, start, i);
      return i;
    }
    while (i < length && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
      i++;
    }
    if (i < length && sql.charAt(i) == '$') {
      String tag = sql.substring(start, i + 1);
      int close = sql.indexOf(tag, i + 1);
      if (close < 0) {
        malformed = true;
        return length;
      }
      add(TokenType.STRING, start, close + tag.length());
      return close + tag.length();
    }
    add(TokenType.OPERATOR, start, start + 1);
    return start + 1;
  }

  private int operator(int start) {
    int i = start + 1;
    if (sql.charAt(start) == ':' && i < length && sql.charAt(i) == ':') {
      i++;
    }
    add(TokenType.OPERATOR, start, i);
    return i;
  }

  private void add(int type, int start, int end) {
    if (count == types.length) {
      int size = count * 2;
      types = java.util.Arrays.copyOf(types, size);
      starts = java.util.Arrays.copyOf(starts, size);
      ends = java.util.Arrays.copyOf(ends, size);
    }
    types[count] = type;
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }
}
