package dev.lagless.consistency;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;

/**
 * Puts the newest token in the current OpenTelemetry baggage ({@code lagless.lsn}) after a write, so
 * that the requests the application makes afterwards in the same context carry it downstream (SPEC
 * §3). The OpenTelemetry Java agent bridges this copy of the API to its own context and injects the
 * baggage into outgoing HTTP, gRPC and messaging calls; Lagless only makes the token current.
 *
 * <p>Only where a traced request is in progress (a valid current span, which exists only when that
 * agent is attached): the new context is made current inside the request's own scope and is never
 * closed here, so when the request's scope closes, the thread goes back to what it had before the
 * request, token included. Outside a traced request there is nothing to carry it and nothing to
 * restore it, so nothing is made current.
 */
final class OutgoingBaggage {

  private volatile boolean unavailable;

  /** Makes {@code tokenText} the current baggage's {@code lagless.lsn}; called only inside a traced request. */
  void put(String tokenText) {
    if (unavailable) {
      return;
    }
    try {
      Baggage current = Baggage.current();
      if (tokenText.equals(current.getEntryValue(ReadYourWrites.BAGGAGE_TOKEN))) {
        return;
      }
      @SuppressWarnings({"resource", "unused"}) // closed with the request's scope, see above
      Object scope = Context.current().with(current.toBuilder().put(ReadYourWrites.BAGGAGE_TOKEN, tokenText).build())
          .makeCurrent();
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
    }
  }
}
