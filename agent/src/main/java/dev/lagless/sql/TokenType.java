package dev.lagless.sql;

/** Kinds of token the lexer tells apart; ints, not an enum, so the token buffer is three int arrays. */
final class TokenType {
  /** An unquoted identifier or keyword: letters, digits, _ and $. */
  static final int WORD = 1;
  /** A {@code "quoted identifier"} (also {@code U&"…"}). */
  static final int QUOTED_IDENT = 2;
  /** A string constant: {@code '…'}, {@code E'…'}, {@code B'…'}, {@code X'…'}, {@code N'…'}, {@code U&'…'}, {@code $tag$…$tag$}. */
  static final int STRING = 3;
  static final int NUMBER = 4;
  /** A bind parameter: {@code $1} or JDBC's {@code ?}. */
  static final int PARAM = 5;
  static final int LPAREN = 6;
  static final int RPAREN = 7;
  static final int COMMA = 8;
  static final int SEMICOLON = 9;
  static final int DOT = 10;
  /** Any other operator or punctuation, {@code ::} and {@code [ ]} included. */
  static final int OPERATOR = 11;

  private TokenType() {}
}
