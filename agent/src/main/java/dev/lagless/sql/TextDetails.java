package dev.lagless.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The by-products of a statement text that the routing decision does not need: the sanitized text
 * for {@code db.query.text} and the identifiers for the temporary-table check. Computed on first use
 * from a second lex of the text and kept in the (cached) {@link Classification}, so the uncached
 * decision stays cheap and a repeated statement pays for them once.
 */
final class TextDetails {

  static final TextDetails EMPTY = new TextDetails("", List.of());
  static final TextDetails UNKNOWN = new TextDetails("?", List.of());

  private static final ThreadLocal<SqlLexer> LEXERS = ThreadLocal.withInitial(SqlLexer::new);

  final String sanitizedText;
  final List<String> identifiers;

  private TextDetails(String sanitizedText, List<String> identifiers) {
    this.sanitizedText = sanitizedText;
    this.identifiers = identifiers;
  }

  static TextDetails of(String sql) {
    SqlLexer lexer = LEXERS.get();
    try {
      lexer.lex(sql);
      return new TextDetails(Sanitizer.sanitize(lexer), identifiers(lexer));
    } catch (RuntimeException | StackOverflowError e) {
      return UNKNOWN;
    } finally {
      lexer.forget();
    }
  }

  private static List<String> identifiers(SqlLexer t) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < t.count; i++) {
      if (t.types[i] == TokenType.WORD || t.types[i] == TokenType.QUOTED_IDENT) {
        names.add(t.name(i));
      }
    }
    return List.copyOf(names);
  }
}
