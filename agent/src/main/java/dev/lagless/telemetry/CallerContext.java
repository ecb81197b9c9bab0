package dev.lagless.telemetry;

import io.opentelemetry.context.Context;

/**
 * Where the application's current trace is: the parent of Lagless's spans. With the OpenTelemetry
 * Java agent, or alone, that is this copy of the API's current context (the agent bridges it to its
 * own); in an application that uses the OpenTelemetry API itself without that agent, the
 * application's own copy is read ({@link ApplicationContext}).
 */
interface CallerContext {

  CallerContext OWN_API = Context::current;

  Context parent();
}
