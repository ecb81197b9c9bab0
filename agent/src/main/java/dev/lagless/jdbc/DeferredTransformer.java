package dev.lagless.jdbc;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The class file transformer registered in premain: a name check for every class the JVM loads, and,
 * for the few classes that matter, the real transformer, waited for if it is still being built.
 */
final class DeferredTransformer implements ClassFileTransformer {

  private static final long MAX_WAIT_SECONDS = 30;

  private final Set<String> names;
  private final Consumer<String> log;
  private final CountDownLatch built = new CountDownLatch(1);
  private volatile ClassFileTransformer delegate;
  private final java.util.Map<String, Precomputed> precomputed = new java.util.concurrent.ConcurrentHashMap<>();

  /** Woven bytes made ahead of time for {@code original} as {@code loader} would define it. */
  private static final class Precomputed {
    final ClassLoader loader;
    final byte[] original;
    final byte[] woven;

    Precomputed(ClassLoader loader, byte[] original, byte[] woven) {
      this.loader = loader;
      this.original = original;
      this.woven = woven;
    }
  }

  void precomputed(String name, ClassLoader loader, byte[] original, byte[] woven) {
    precomputed.put(name, new Precomputed(loader, original, woven));
  }

  DeferredTransformer(Set<String> names, Consumer<String> log) {
    this.names = names;
    this.log = log;
  }

  void ready(ClassFileTransformer transformer) {
    delegate = transformer;
    built.countDown();
  }

  void failed() {
    built.countDown();
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
    if (className == null || !names.contains(className)) {
      return null;
    }
    try {
      if (!built.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.accept("the instrumentation was not ready in " + MAX_WAIT_SECONDS + " s; " + className.replace('/', '.')
            + " is not routed");
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    Precomputed ready = classBeingRedefined == null ? precomputed.remove(className) : null;
    if (ready != null && ready.loader == loader && java.util.Arrays.equals(ready.original, classfileBuffer)) {
      return ready.woven.clone();
    }
    ClassFileTransformer transformer = delegate;
    long t0 = System.nanoTime();
    byte[] out = transformer == null ? null
        : transformer.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    if (Boolean.getBoolean("lagless.internal.debugTiming")) {
      log.accept("TIMING " + className + " waited+transformed in " + (System.nanoTime() - t0) / 1_000_000 + " ms at uptime "
          + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
    return out;
  }
}
