package dev.lagless.cluster;

/** PostgreSQL WAL positions, {@code 0/3024698}, as unsigned 64-bit numbers. */
public final class Lsn {
  private Lsn() {}

  public static long parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not an LSN: " + text);
    }
    long high = Long.parseUnsignedLong(text.substring(0, slash), 16);
    long low = Long.parseUnsignedLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  public static String format(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
