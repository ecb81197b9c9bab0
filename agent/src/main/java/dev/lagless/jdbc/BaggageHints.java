package dev.lagless.jdbc;

/**
 * The baggage hint {@code lagless.primary=true} (SPEC §2 rule 6): every statement of that request
 * goes to the primary. Reads the current OpenTelemetry baggage; if the OpenTelemetry API cannot be
 * used, there is no hint.
 */
final class BaggageHints {

  private static volatile boolean unavailable;

  private BaggageHints() {}

  static boolean primaryRequested() {
    if (unavailable) {
      return false;
    }
    try {
      String value = io.opentelemetry.api.baggage.Baggage.current().getEntryValue("lagless.primary");
      return value != null && value.trim().equalsIgnoreCase("true");
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
      return false;
    }
  }
}
