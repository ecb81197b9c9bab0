package dev.lagless.sql;

import java.util.List;
import java.util.Set;

/**
 * Decides, for any statement text, whether a replica may run it, and why (SPEC §2, DESIGN-NOTES §2).
 * Thread-safe; results are cached by exact text in a bounded cache. Never throws: text it cannot read
 * is {@link Reason#UNPARSEABLE}, which keeps the statement on the primary.
 */
public final class SqlClassifier {

  private final Set<String> writeFunctions;
  private final Set<String> readFunctions;
  private final ThreadLocal<StatementAnalyzer> analyzers;
  private final ClassificationCache cache;

  /**
   * @param writeFunctions {@code LAGLESS_WRITE_FUNCTIONS}: names (lower case, optionally {@code schema.name}) to treat as writing
   * @param readFunctions {@code LAGLESS_READ_FUNCTIONS}: names to treat as read-only, whatever else is known of them
   */
  public SqlClassifier(Set<String> writeFunctions, Set<String> readFunctions) {
    this(writeFunctions, readFunctions, ClassificationCache.DEFAULT_ENTRIES, ClassificationCache.DEFAULT_CHARS);
  }

  SqlClassifier(Set<String> writeFunctions, Set<String> readFunctions, int cacheEntries, long cacheChars) {
    this.writeFunctions = Set.copyOf(writeFunctions);
    this.readFunctions = Set.copyOf(readFunctions);
    this.analyzers = ThreadLocal.withInitial(() -> new StatementAnalyzer(this.writeFunctions, this.readFunctions));
    this.cache = new ClassificationCache(cacheEntries, cacheChars);
  }

  public static SqlClassifier withDefaults() {
    return new SqlClassifier(Set.of(), Set.of());
  }

  /** The classification of {@code sql}, from the cache when this exact text was seen recently. */
  public Classification classify(String sql) {
    if (sql == null) {
      return classifyUncached(null);
    }
    Classification cached = cache.get(sql);
    if (cached != null) {
      return cached;
    }
    Classification fresh = classifyUncached(sql);
    cache.put(sql, fresh);
    return fresh;
  }

  /** Classifies without the cache (benchmarks and tests). */
  public Classification classifyUncached(String sql) {
    if (sql == null) {
      return new Classification(false, Reason.EMPTY, null, "", TextDetails.EMPTY, List.of(), List.of(), 0);
    }
    try {
      return analyzers.get().analyze(sql);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of ours must never reach the application: the primary is always safe.
      return new Classification(false, Reason.UNPARSEABLE, null, "", TextDetails.UNKNOWN, List.of(), List.of(), 0);
    }
  }

  /** Entries now cached (tests and metrics). */
  public int cachedEntries() {
    return cache.size();
  }

  /** Characters of statement text now cached. */
  public long cachedChars() {
    return cache.chars();
  }
}
