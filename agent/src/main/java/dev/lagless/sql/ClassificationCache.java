package dev.lagless.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded cache keyed by exact statement text, in two generations: new entries go into the young
 * generation; when it is full (in entries or in characters) it becomes the old one and the previous old
 * one is dropped. A hit in the old generation moves the entry back to the young one. No per-access
 * bookkeeping (unlike LRU), O(1), and memory stays bounded whatever the application sends: a flood of
 * unique literal-laden statements only churns the generations. Texts longer than {@link #MAX_KEY_CHARS}
 * are not cached at all.
 */
final class ClassificationCache {

  static final int DEFAULT_ENTRIES = 4096;
  static final long DEFAULT_CHARS = 2L * 1024 * 1024;
  static final int MAX_KEY_CHARS = 16 * 1024;

  private final int maxEntriesPerGeneration;
  private final long maxCharsPerGeneration;
  private volatile Generation young = new Generation();
  private volatile Generation old = new Generation();

  ClassificationCache(int maxEntries, long maxChars) {
    this.maxEntriesPerGeneration = Math.max(1, maxEntries / 2);
    this.maxCharsPerGeneration = Math.max(1, maxChars / 2);
  }

  Classification get(String sql) {
    Classification hit = young.map.get(sql);
    if (hit != null) {
      return hit;
    }
    hit = old.map.get(sql);
    if (hit != null) {
      put(sql, hit);
    }
    return hit;
  }

  void put(String sql, Classification classification) {
    if (sql.length() > MAX_KEY_CHARS) {
      return;
    }
    Generation current = young;
    if (current.map.putIfAbsent(sql, classification) == null) {
      long chars = current.chars.addAndGet(sql.length());
      if (current.map.size() >= maxEntriesPerGeneration || chars >= maxCharsPerGeneration) {
        rotate(current);
      }
    }
  }

  private synchronized void rotate(Generation full) {
    if (young == full) {
      old = full;
      young = new Generation();
    }
  }

  int size() {
    return young.map.size() + old.map.size();
  }

  long chars() {
    return young.chars.get() + old.chars.get();
  }

  private static final class Generation {
    final ConcurrentHashMap<String, Classification> map = new ConcurrentHashMap<>();
    final AtomicLong chars = new AtomicLong();
  }
}
