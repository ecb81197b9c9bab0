package dev.lagless.consistency;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Puts the newest token in the current OpenTelemetry baggage ({@code lagless.lsn}) after a write, so
 * that the requests the application makes afterwards in the same incoming request carry it downstream
 * (SPEC §3). The OpenTelemetry Java agent bridges this copy of the API to its own context and injects
 * the baggage into outgoing HTTP, gRPC and messaging calls; Lagless only makes the token current.
 *
 * <p>Scopes must close in the reverse order of their opening (a scope closed out of order is ignored
 * and the thread keeps the wrong context). So the token is made current only where the context is the
 * incoming request's own (the span current at its start is current again: after a commit, not inside
 * the OpenTelemetry agent's span of a statement, which it would outlive), and that scope is closed when
 * the request ends, before the request's own. An auto-commit write runs inside that agent's JDBC span:
 * its token is published by the request's next commit, if any (docs/consistency.md says so).
 */
final class OutgoingBaggage {

  private static volatile boolean unavailable;

  /** The span current now (at a request's start), or null when there is none or the API cannot be used. */
  static Object currentSpan() {
    if (unavailable) {
      return null;
    }
    try {
      SpanContext span = Span.current().getSpanContext();
      return span.isValid() ? span : null;
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
      return null;
    }
  }

  /** Makes {@code tokenText} the request's baggage {@code lagless.lsn} now, or when it safely can. */
  void put(String tokenText, CallerRequest request) {
    if (unavailable || request == null || request.spanAtStart == null) {
      return;
    }
    try {
      if (!request.spanAtStart.equals(Span.current().getSpanContext())) {
        return; // inside another instrumentation's scope: not now (the request's next commit publishes)
      }
      Baggage current = Baggage.current();
      if (tokenText.equals(current.getEntryValue(ReadYourWrites.BAGGAGE_TOKEN))) {
        return;
      }
      Context next = Context.current().with(current.toBuilder().put(ReadYourWrites.BAGGAGE_TOKEN, tokenText).build());
      Scope previous = (Scope) request.baggageScope;
      if (previous != null) {
        previous.close(); // ours is the innermost scope: back to the request's own context
      }
      request.baggageScope = next.makeCurrent();
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
    }
  }

  /** The request is ending: its baggage scope (the innermost one) closes first. */
  static void requestEnded(CallerRequest request) {
    Scope scope = (Scope) request.baggageScope;
    request.baggageScope = null;
    if (scope != null) {
      try {
        scope.close();
      } catch (RuntimeException | LinkageError e) {
        unavailable = true;
      }
    }
  }
}
