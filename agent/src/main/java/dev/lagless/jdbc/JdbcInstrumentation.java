package dev.lagless.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.lagless.jdbc.advice.AutoCommitAdvice;
import dev.lagless.jdbc.advice.CommitAdvice;
import dev.lagless.jdbc.advice.ConnectionClosingAdvice;
import dev.lagless.jdbc.advice.ConnectionOpenedAdvice;
import dev.lagless.jdbc.advice.DataTypeAdvice;
import dev.lagless.jdbc.advice.ExecuteAdvice;
import dev.lagless.jdbc.advice.IsolationAdvice;
import dev.lagless.jdbc.advice.ParameterAdvice;
import dev.lagless.jdbc.advice.ResultAccessAdvice;
import dev.lagless.jdbc.advice.RollbackAdvice;
import dev.lagless.jdbc.advice.PreparedStatementCreatedAdvice;
import dev.lagless.jdbc.advice.StatementCreatedAdvice;
import dev.lagless.jdbc.advice.StatementEventAdvice;
import dev.lagless.servlet.ServletInstrumentation;
import dev.lagless.servlet.advice.ServletAdvice;
import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the advice into the application's pgjdbc: {@code PgConnection} (open, statements created,
 * transaction ends, close), {@code PgStatement} and {@code PgPreparedStatement} (executions, result
 * access, parameters, close, cancel); and, in the same transformer, the servlet entry points of
 * {@link ServletInstrumentation}. Transformations change method bodies only (no added fields or
 * interfaces), so classes already loaded are retransformed and another agent may come before or after.
 */
public final class JdbcInstrumentation {

  /** Every class woven: pgjdbc's and the servlet containers' entry points. */
  static final java.util.Set<String> INSTRUMENTED_INTERNAL_NAMES;

  static {
    java.util.Set<String> names = new java.util.HashSet<>(PgjdbcNames.INSTRUMENTED_INTERNAL_NAMES);
    names.addAll(ServletInstrumentation.INTERNAL_NAMES);
    INSTRUMENTED_INTERNAL_NAMES = java.util.Set.copyOf(names);
  }

  private JdbcInstrumentation() {}

  /**
   * Registers a watcher at once and builds the Byte Buddy transformer on a daemon thread, so that
   * premain costs the application almost nothing: Byte Buddy's own classes (about a thousand) load in
   * parallel with the application's start. The watcher compares each loading class's name with
   * pgjdbc's three, and only when one of them loads does it wait for the transformer (if the
   * application reaches its database before that, its first connection waits a little; it is never
   * left unrouted). Classes that were loaded before the agent (dynamic attach) are retransformed.
   */
  public static void install(Instrumentation instrumentation, Consumer<String> log) {
    DeferredTransformer watcher = new DeferredTransformer(INSTRUMENTED_INTERNAL_NAMES, log);
    // Not retransformation-capable on purpose: the JVM runs such transformers first, so our advice is
    // the innermost whatever the -javaagent order, and another agent's advice (the OpenTelemetry Java
    // agent's JDBC span) is around ours: its span is current when we route. Retransformations reuse
    // our output. Classes loaded before us (dynamic attach) get a transformer of their own below.
    instrumentation.addTransformer(watcher, false);
    Thread init = new Thread(() -> {
      try {
        long t0 = System.nanoTime();
        java.lang.instrument.ClassFileTransformer raw = builder(log).makeRaw();
        precompute(raw, watcher);
        watcher.ready(raw);
        if (Boolean.getBoolean("lagless.internal.debugTiming")) {
          log.accept("TIMING init " + (System.nanoTime() - t0) / 1_000_000 + " ms, done at uptime "
              + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        retransformLoaded(instrumentation, raw, log);
      } catch (Throwable e) {
        watcher.failed();
        log.accept("routing is off: the instrumentation could not be built: " + e);
      }
    }, "lagless-init");
    init.setDaemon(true);
    init.start();
  }

  /**
   * Weaves the application's pgjdbc classes ahead of time, on the init thread, when the system class
   * loader can read them: the driver's classes then load without waiting for the weaving (about 200 ms
   * on the application's thread otherwise). Used only for the very bytes and loader it was made for.
   */
  private static void precompute(java.lang.instrument.ClassFileTransformer raw, DeferredTransformer watcher) {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    for (String name : PgjdbcNames.INSTRUMENTED_INTERNAL_NAMES) {
      try (java.io.InputStream in = system.getResourceAsStream(name + ".class")) {
        if (in == null) {
          continue;
        }
        byte[] original = in.readAllBytes();
        byte[] woven = raw.transform(system, name, null, null, original);
        if (woven != null) {
          watcher.precomputed(name, system, original, woven);
        }
      } catch (Exception | LinkageError e) {
        // Nothing precomputed for this class: it is woven when it loads.
      }
    }
  }

  /**
   * Classes loaded before the agent (dynamic attach) are woven by retransformation, with a transformer
   * that touches exactly those classes (the load-time one already wove every class loaded since).
   */
  private static void retransformLoaded(Instrumentation instrumentation, java.lang.instrument.ClassFileTransformer raw,
      Consumer<String> log) {
    java.util.Set<Class<?>> loaded = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (INSTRUMENTED_INTERNAL_NAMES.contains(type.getName().replace('.', '/'))) {
        loaded.add(type);
      }
    }
    if (loaded.isEmpty()) {
      return;
    }
    java.util.Set<Class<?>> earlier = java.util.Collections.synchronizedSet(loaded);
    instrumentation.addTransformer(new java.lang.instrument.ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
          java.security.ProtectionDomain domain, byte[] bytes) throws java.lang.instrument.IllegalClassFormatException {
        return classBeingRedefined != null && earlier.contains(classBeingRedefined)
            ? raw.transform(loader, className, classBeingRedefined, domain, bytes) : null;
      }
    }, true);
    for (Class<?> type : earlier.toArray(new Class<?>[0])) {
      try {
        instrumentation.retransformClasses(type);
      } catch (Throwable e) {
        log.accept("could not instrument " + type.getName() + " (its statements go to the primary): " + e);
      }
    }
  }

  private static AgentBuilder builder(Consumer<String> log) {
    // Advice classes are read and checked here, on the init thread, not when pgjdbc's classes load.
    java.util.Map<Class<?>, Advice> advice = new java.util.HashMap<>();
    for (Class<?> type : java.util.List.of(AutoCommitAdvice.class, CommitAdvice.class, ConnectionClosingAdvice.class, ConnectionOpenedAdvice.class, DataTypeAdvice.class, ExecuteAdvice.class, IsolationAdvice.class, ParameterAdvice.class, ResultAccessAdvice.class, RollbackAdvice.class, StatementCreatedAdvice.class, PreparedStatementCreatedAdvice.class, StatementEventAdvice.class,
        ServletAdvice.class)) {
      advice.put(type, Advice.to(type));
    }
    return new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // The OpenTelemetry Java agent, attached first, makes the driver's classes implement interfaces
        // it defines at run time, with no class file: those are described from their loaded classes.
        .with(RuntimeDefinedTypes.poolStrategy())
        .with(new ErrorListener(log))
        .ignore(ElementMatchers.none())
        .type(named(PgjdbcNames.CONNECTION))
        .transform((builder, type, loader, module, domain) -> connection(builder, advice))
        .type(named(PgjdbcNames.STATEMENT))
        .transform((builder, type, loader, module, domain) -> statement(builder, advice))
        .type(named(PgjdbcNames.PREPARED_STATEMENT))
        .transform((builder, type, loader, module, domain) -> preparedStatement(builder, advice))
        .type(named(ServletInstrumentation.JAVAX_SERVLET).or(named(ServletInstrumentation.JAKARTA_SERVLET)))
        .transform((builder, type, loader, module, domain) -> ServletInstrumentation.servlet(builder, advice.get(ServletAdvice.class)))
        .type(named(ServletInstrumentation.TOMCAT_FILTER_CHAIN))
        .transform((builder, type, loader, module, domain) -> ServletInstrumentation.filterChain(builder, advice.get(ServletAdvice.class)));
  }

  private static DynamicType.Builder<?> connection(DynamicType.Builder<?> builder, java.util.Map<Class<?>, Advice> advice) {
    return builder
        .visit(advice.get(ConnectionOpenedAdvice.class).on(isConstructor().and(takesArguments(3))
            .and(takesArgument(1, java.util.Properties.class)).and(takesArgument(2, String.class))))
        .visit(advice.get(StatementCreatedAdvice.class).on(
            named("createStatement").and(takesArguments(int.class, int.class, int.class))
                .or(named("prepareStatement").and(takesArguments(String.class, String[].class)))))
        .visit(advice.get(PreparedStatementCreatedAdvice.class).on(
            named("prepareStatement").and(takesArguments(String.class, int.class, int.class, int.class))
                .or(named("prepareCall").and(takesArguments(String.class, int.class, int.class, int.class)))))
        .visit(advice.get(CommitAdvice.class).on(named("commit").and(takesArguments(0))))
        .visit(advice.get(RollbackAdvice.class).on(named("rollback").and(takesArguments(0))))
        .visit(advice.get(AutoCommitAdvice.class).on(named("setAutoCommit").and(takesArguments(boolean.class))))
        .visit(advice.get(IsolationAdvice.class).on(named("setTransactionIsolation").and(takesArguments(int.class))))
        .visit(advice.get(DataTypeAdvice.class).on(isPublic().and(named("addDataType")).and(takesArguments(2))
            .and(takesArgument(0, String.class))))
        .visit(advice.get(ConnectionClosingAdvice.class).on(named("close").and(takesArguments(0))
            .or(named("abort").and(takesArguments(java.util.concurrent.Executor.class)))));
  }

  private static DynamicType.Builder<?> statement(DynamicType.Builder<?> builder, java.util.Map<Class<?>, Advice> advice) {
    return builder
        .visit(advice.get(ExecuteAdvice.class).on(isPublic().and(nameStartsWith("execute"))
            .and(takesArgument(0, String.class).or(named("executeBatch").or(named("executeLargeBatch"))
                .and(takesArguments(0))))
            .and(ElementMatchers.not(named("executeWithFlags")))))
        .visit(advice.get(ResultAccessAdvice.class).on(isPublic().and(
            named("getResultSet").or(named("getUpdateCount")).or(named("getLargeUpdateCount"))
                .or(named("getMoreResults")))))
        .visit(advice.get(StatementEventAdvice.class).on(isPublic().and(takesArguments(0))
            .and(named("close").or(named("cancel")))));
  }

  private static DynamicType.Builder<?> preparedStatement(DynamicType.Builder<?> builder, java.util.Map<Class<?>, Advice> advice) {
    return builder
        .visit(advice.get(ExecuteAdvice.class).on(isPublic().and(takesArguments(0)).and(
            named("executeQuery").or(named("execute")).or(named("executeUpdate")).or(named("executeLargeUpdate"))
                .or(named("executeBatch")).or(named("executeLargeBatch")))))
        .visit(advice.get(ParameterAdvice.class).on(isPublic().and(nameStartsWith("set"))
            .and(takesArgument(0, int.class)).and(ElementMatchers.takesArguments(2)
                .or(ElementMatchers.takesArguments(3)).or(ElementMatchers.takesArguments(4)))))
        .visit(advice.get(StatementEventAdvice.class).on(isPublic().and(named("clearParameters")).and(takesArguments(0))));
  }

  /** One line per class that could not be instrumented: routing is then off for it, never the application. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    private final Consumer<String> log;

    ErrorListener(Consumer<String> log) {
      this.log = log;
    }

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
        Throwable throwable) {
      log.accept("could not instrument " + typeName + " (its statements go to the primary): " + throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      // quiet by default
    }
  }
}
