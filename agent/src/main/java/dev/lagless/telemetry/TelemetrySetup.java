package dev.lagless.telemetry;

import dev.lagless.config.LaglessConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which OpenTelemetry Lagless reports to (SPEC §4, three ways to run):
 * <ul>
 *   <li>{@code OTEL_SDK_DISABLED=true}: none; nothing is built and each statement costs one branch.
 *   <li>Beside the OpenTelemetry Java agent: that agent's, through the bridged API
 *       ({@link GlobalOpenTelemetry#get()}, never {@code set}); its JDBC span is enriched, not doubled.
 *   <li>Otherwise: an SDK of its own, configured by the standard {@code OTEL_*} variables
 *       (autoconfigure), whose spans join the application's traces when the application uses the
 *       OpenTelemetry API itself ({@link ApplicationContext}).
 * </ul>
 */
public final class TelemetrySetup {

  /**
   * The SDK's and the OTLP sender's own loggers (relocated with them): silenced, {@link ExportHealth}
   * says what matters. The console exporter ({@code OTEL_TRACES_EXPORTER=console}) writes through its
   * own logger, which stays as it is.
   */
  private static final List<Logger> QUIET = List.of(Logger.getLogger("dev.lagless.shaded.io.opentelemetry.sdk"),
      Logger.getLogger("dev.lagless.shaded.io.opentelemetry.exporter.internal"),
      Logger.getLogger("dev.lagless.shaded.io.opentelemetry.exporter.sender"));

  private TelemetrySetup() {}

  public static Telemetry create(LaglessConfig config, Map<String, String> environment, CallerContext caller,
      Consumer<String> log) {
    String disabled = OtelJavaAgent.setting("otel.sdk.disabled", environment);
    if (disabled != null && Boolean.parseBoolean(disabled.trim())) {
      return Telemetry.OFF;
    }
    try {
      if (OtelJavaAgent.attached()) {
        return new Telemetry(GlobalOpenTelemetry.get(), OtelJavaAgent.makesJdbcSpans(environment),
            config.queryText(), caller);
      }
      for (Logger logger : QUIET) {
        logger.setLevel(Level.OFF);
      }
      AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
          // Only HTTP senders are bundled (the JDK's client): OTLP defaults to http/protobuf here.
          .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
          .addSpanExporterCustomizer((exporter, properties) -> ExportHealth.spans(exporter, log))
          .addMetricExporterCustomizer((exporter, properties) -> ExportHealth.metrics(exporter, log))
          .build();
      return new Telemetry(sdk.getOpenTelemetrySdk(), false, config.queryText(), caller);
    } catch (Throwable e) {
      log.accept("telemetry is off: OpenTelemetry could not be set up from the OTEL_* settings: " + e.getMessage());
      return Telemetry.OFF;
    }
  }
}
