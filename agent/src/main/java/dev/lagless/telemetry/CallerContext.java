package dev.lagless.telemetry;

import io.opentelemetry.context.Context;

/**
 * The application's current OpenTelemetry context (span and baggage) as Lagless's copy of the API sees
 * it: the parent of Lagless's spans and where routing reads baggage ({@code lagless.primary}, the
 * session key, {@code lagless.lsn}). Beside the OpenTelemetry Java agent, or when the application
 * has no OpenTelemetry API, that is this copy's current context (the agent bridges it to its own); in
 * an application that uses the OpenTelemetry API itself without that agent, the application's own
 * copy is read ({@link ApplicationContext}).
 */
public interface CallerContext {

  CallerContext OWN_API = Context::current;

  /** The caller context for this JVM, decided once: the agent's bridge when it is attached. */
  static CallerContext forThisJvm() {
    return OtelJavaAgent.attached() ? OWN_API : new ApplicationContext();
  }

  /** The current context; never null, never throws. */
  Context current();
}
