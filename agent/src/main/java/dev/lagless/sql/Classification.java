package dev.lagless.sql;

import java.util.List;

/**
 * What the classifier knows about one statement string. Immutable and cached by exact text, so the
 * router and telemetry read it many times for the price of one parse.
 */
public final class Classification {

  private final boolean read;
  private final Reason reason;
  private final Hint hint;
  private final String summary;
  /** The text, kept to compute {@link TextDetails} on first use; null when they are fixed. */
  private final String source;
  private TextDetails details;
  private final List<String> functions;
  private final List<SessionEffect> effects;
  private final int statements;

  Classification(boolean read, Reason reason, Hint hint, String summary, String source, List<String> functions,
      List<SessionEffect> effects, int statements) {
    this(read, reason, hint, summary, source, null, functions, effects, statements);
  }

  /** A classification whose by-products are fixed (no text, or text we could not read). */
  Classification(boolean read, Reason reason, Hint hint, String summary, TextDetails details, List<String> functions,
      List<SessionEffect> effects, int statements) {
    this(read, reason, hint, summary, null, details, functions, effects, statements);
  }

  private Classification(boolean read, Reason reason, Hint hint, String summary, String source, TextDetails details,
      List<String> functions, List<SessionEffect> effects, int statements) {
    this.read = read;
    this.reason = reason;
    this.hint = hint;
    this.summary = summary;
    this.source = source;
    this.details = details;
    this.functions = functions;
    this.effects = effects;
    this.statements = statements;
  }

  /** True when the text only reads, so a replica may run it (subject to the router's other rules). */
  public boolean isRead() {
    return read;
  }

  /** The rule that decided. */
  public Reason reason() {
    return reason;
  }

  /** The hint before the first keyword, or {@code null}. */
  public Hint hint() {
    return hint;
  }

  /** {@code db.query.summary}: operation and first collection, e.g. {@code SELECT users}; at most 255 characters. */
  public String summary() {
    return summary;
  }

  /** {@code db.query.text} with every literal replaced by {@code ?}, IN-lists collapsed, comments removed. */
  public String sanitizedText() {
    return details().sanitizedText;
  }

  /**
   * Functions called that are not known built-ins, lower-cased ({@code schema.name} when qualified):
   * the router checks them against the primary's catalog (a VOLATILE user function may write).
   */
  public List<String> functions() {
    return functions;
  }

  /** Session and transaction effects, in statement order. */
  public List<SessionEffect> effects() {
    return effects;
  }

  /** Every identifier mentioned (unquoted ones lower-cased), for the router's temporary-table check. */
  public List<String> identifiers() {
    return details().identifiers;
  }

  private TextDetails details() {
    // Racy single-check: TextDetails is immutable with final fields, so a thread that sees the
    // reference sees it whole; two threads may both compute it, which costs a lex and nothing else.
    TextDetails d = details;
    if (d == null) {
      d = TextDetails.of(source);
      details = d;
    }
    return d;
  }

  /** How many statements the text holds (0 when empty). */
  public int statementCount() {
    return statements;
  }

  @Override
  public String toString() {
    return (read ? "read" : "primary") + " (" + reason.label() + ")" + (hint == null ? "" : " hint=" + hint)
        + " summary=" + summary + (functions.isEmpty() ? "" : " functions=" + functions)
        + (effects.isEmpty() ? "" : " effects=" + effects);
  }
}
