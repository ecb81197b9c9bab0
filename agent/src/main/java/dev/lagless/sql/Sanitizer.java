package dev.lagless.sql;

/**
 * Builds {@code db.query.text} from the lexer's tokens: every string and number literal becomes
 * {@code ?}, {@code IN (…)} lists of literals and parameters collapse to {@code IN (?)}, comments go
 * (they may carry request data), whitespace between tokens becomes one space. Parameters ({@code $1},
 * {@code ?}) stay as they are.
 */
final class Sanitizer {

  private Sanitizer() {}

  static String sanitize(SqlLexer t) {
    String sql = t.text();
    StringBuilder out = new StringBuilder(sql.length());
    for (int i = 0; i < t.count; i++) {
      if (i > 0 && t.starts[i] > t.ends[i - 1]) {
        out.append(' ');
      }
      int type = t.types[i];
      if (type == TokenType.STRING || type == TokenType.NUMBER) {
        out.append('?');
      } else {
        out.append(sql, t.starts[i], t.ends[i]);
        if (t.is(i, "in") && t.isType(i + 1, TokenType.LPAREN)) {
          int close = literalListEnd(t, i + 2);
          if (close > 0) {
            if (t.starts[i + 1] > t.ends[i]) {
              out.append(' ');
            }
            out.append("(?)");
            i = close;
          }
        }
      }
    }
    if (t.malformed) {
      // The rest did not lex (an unterminated literal, perhaps): never show it.
      out.append(out.length() == 0 ? "?" : " ?");
    }
    return out.toString();
  }

  /** The index of the ')' closing a list of only literals, parameters, commas and signs; -1 otherwise. */
  private static int literalListEnd(SqlLexer t, int from) {
    boolean value = false;
    for (int i = from; i < t.count; i++) {
      int type = t.types[i];
      if (type == TokenType.RPAREN) {
        return value ? i : -1;
      }
      if (type == TokenType.STRING || type == TokenType.NUMBER || type == TokenType.PARAM) {
        value = true;
      } else if (type != TokenType.COMMA && !(type == TokenType.OPERATOR && isSign(t, i))) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isSign(SqlLexer t, int i) {
    char c = t.text().charAt(t.starts[i]);
    return t.ends[i] - t.starts[i] == 1 && (c == '-' || c == '+');
  }
}
