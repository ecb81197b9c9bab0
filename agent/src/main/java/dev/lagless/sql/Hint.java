package dev.lagless.sql;

/** A routing hint in a comment before the first keyword: {@code /* lagless:primary *}{@code /} or {@code lagless:replica}. */
public enum Hint {
  PRIMARY,
  REPLICA
}
