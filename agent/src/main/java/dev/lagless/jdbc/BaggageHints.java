package dev.lagless.jdbc;

/**
 * The baggage hint {@code lagless.primary=true} (SPEC §2 rule 6): every statement of that request
 * goes to the primary. Reads the caller's current OpenTelemetry baggage (the application's own API copy
 * when it has one and no OpenTelemetry Java agent bridges it); if the API cannot be used, there is no hint.
 */
final class BaggageHints {

  private static volatile boolean unavailable;

  private BaggageHints() {}

  static boolean primaryRequested(dev.lagless.telemetry.CallerContext caller) {
    if (unavailable) {
      return false;
    }
    try {
      String value = io.opentelemetry.api.baggage.Baggage.fromContext(caller.current())
          .getEntryValue("lagless.primary");
      return value != null && value.trim().equalsIgnoreCase("true");
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
      return false;
    }
  }
}
