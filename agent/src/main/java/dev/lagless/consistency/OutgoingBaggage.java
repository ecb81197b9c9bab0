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
 * <p>Only inside a traced servlet request, and on the request's own context (captured at its start):
 * after a commit the OpenTelemetry agent's COMMIT span may be current, and a scope made there outlives
 * that span's scope (whose out-of-order close is ignored), so what stays current must be the request's
 * context plus the token, not the finished span's. When the request ends, its own context is made
 * current again so that the request's scope closes as its owner expects.
 */
final class OutgoingBaggage {

  private static volatile boolean unavailable;

  /** The context current now (at a traced request's start), or null when no span is current. */
  static Object currentSpan() {
    if (unavailable) {
      return null;
    }
    try {
      return Span.current().getSpanContext().isValid() ? Context.current() : null;
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
      Baggage current = Baggage.current();
      if (tokenText.equals(current.getEntryValue(ReadYourWrites.BAGGAGE_TOKEN))) {
        return;
      }
      // Built on the request's own context: made current inside another instrumentation's scope (the
      // OpenTelemetry agent's COMMIT span), it outlives that scope, whose close is then ignored.
      Context own = (Context) request.spanAtStart;
      Baggage base = Baggage.fromContext(own);
      request.baggageScope = own.with(base.toBuilder().put(ReadYourWrites.BAGGAGE_TOKEN, tokenText).build())
          .makeCurrent();
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
    }
  }

  /** The request is ending: its baggage scope (the innermost one) closes first. */
  static void requestEnded(CallerRequest request) {
    Object scope = request.baggageScope;
    request.baggageScope = null;
    if (scope != null) {
      try {
        // Back to the request's own context, so that the request's scope (opened before ours) closes
        // as its owner expects; our scope is abandoned, as the scopes opened after it were.
        @SuppressWarnings({"resource", "unused"})
        Scope restored = ((Context) request.spanAtStart).makeCurrent();
      } catch (RuntimeException | LinkageError e) {
        unavailable = true;
      }
    }
  }
}
