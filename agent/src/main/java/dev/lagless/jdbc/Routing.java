package dev.lagless.jdbc;

import dev.lagless.bootstrap.JdbcHooks;
import dev.lagless.config.LaglessConfig;
import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;

/** Starts routing: the handler behind {@link JdbcHooks}, then the instrumentation that calls it. */
public final class Routing {

  private Routing() {}

  public static void start(LaglessConfig config, Instrumentation instrumentation, Consumer<String> log) {
    RoutingRuntime runtime = new RoutingRuntime(config, log);
    runtime.startTelemetry();
    JdbcHooks.install(new RoutingHandler(runtime));
    if (runtime.ryow != null) {
      dev.lagless.bootstrap.ServletHooks.install(new dev.lagless.servlet.ServletRequests(config));
    }
    JdbcInstrumentation.install(instrumentation, log);
  }
}
