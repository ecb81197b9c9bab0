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
  private final String sanitizedText;
  private final List<String> functions;
  private final List<SessionEffect> effects;
  private final List<String> identifiers;
  private final int statements;

  Classification(boolean read, Reason reason, Hint hint, String summary, String sanitizedText, List<String> functions,
      List<SessionEffect> effects, List<String> identifiers, int statements) {
    this.read = read;
    this.reason = reason;
    this.hint = hint;
    this.summary = summary;
    this.sanitizedText = sanitizedText;
    this.functions = functions;
    this.effects = effects;
    this.identifiers = identifiers;
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
    return sanitizedText;
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
    return identifiers;
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
