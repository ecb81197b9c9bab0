package dev.lagless.consistency;

import java.util.Locale;

/**
 * A read-your-own-writes token (SPEC §3): a WAL position at or after a commit, with the system
 * identifier and timeline of the cluster it belongs to, written {@code <sysid>:<timeline>:<X/Y>}.
 * A token of one cluster never gates reads on another, and one of another timeline is not compared
 * blindly.
 */
public final class Token {

  /** Longest text accepted from outside (baggage, cookies). */
  public static final int MAX_TEXT = 128;

  public final long systemIdentifier;
  public final int timeline;
  public final long lsn;

  public Token(long systemIdentifier, int timeline, long lsn) {
    this.systemIdentifier = systemIdentifier;
    this.timeline = timeline;
    this.lsn = lsn;
  }

  /**
   * The position after a commit as {@code pg_current_wal_insert_lsn()} gives it, moved back over a
   * page header it may point just past (DESIGN-NOTES §4a): otherwise a replica reaches it only with
   * the next WAL record, seconds later on an idle primary.
   */
  public static long normalizeInsertLsn(long lsn) {
    if (lsn % (16L * 1024 * 1024) == 40) {
      return lsn - 40; // long page header at the start of a segment
    }
    if (lsn % 8192 == 24) {
      return lsn - 24; // short page header
    }
    return lsn;
  }

  /** Parses {@code sysid:timeline:X/Y}; null when the text is not one. */
  public static Token parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
      return null;
    }
    String[] parts = text.trim().split(":");
    if (parts.length != 3) {
      return null;
    }
    try {
      long sysid = Long.parseUnsignedLong(parts[0]);
      int timeline = Integer.parseInt(parts[1]);
      long lsn = parseLsn(parts[2]);
      return timeline > 0 && lsn >= 0 ? new Token(sysid, timeline, lsn) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static long parseLsn(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
      throw new NumberFormatException(text);
    }
    long high = Long.parseLong(text.substring(0, slash), 16);
    long low = Long.parseLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  /** True when this token is at or after {@code other} on the same cluster and timeline. */
  public boolean covers(Token other) {
    return other == null || (systemIdentifier == other.systemIdentifier && timeline == other.timeline && lsn >= other.lsn);
  }

  /** The newer of two tokens of the same cluster and timeline; otherwise the one of the newer timeline. */
  public static Token max(Token a, Token b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.systemIdentifier != b.systemIdentifier || a.timeline != b.timeline) {
      return a.timeline >= b.timeline ? a : b;
    }
    return a.lsn >= b.lsn ? a : b;
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(systemIdentifier) + ":" + timeline + ":"
        + Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Token && ((Token) o).systemIdentifier == systemIdentifier && ((Token) o).timeline == timeline
        && ((Token) o).lsn == lsn;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(systemIdentifier * 31 + timeline) * 31 + Long.hashCode(lsn);
  }
}
