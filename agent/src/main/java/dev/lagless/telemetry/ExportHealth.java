package dev.lagless.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One line when an exporter starts failing and one when it works again, instead of the SDK's warning
 * at every failed export (whose own logging is silenced, see {@link TelemetrySetup}): an agent that
 * nobody asked to export anywhere must not fill the application's output.
 */
final class ExportHealth {

  private final String signal;
  private final Consumer<String> log;
  private final AtomicBoolean failing = new AtomicBoolean();

  private ExportHealth(String signal, Consumer<String> log) {
    this.signal = signal;
    this.log = log;
  }

  private CompletableResultCode watch(CompletableResultCode result, String exporter) {
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        if (failing.compareAndSet(true, false)) {
          log.accept(signal + " are exported again (" + exporter + ")");
        }
      } else if (failing.compareAndSet(false, true)) {
        Throwable why = result.getFailureThrowable();
        log.accept(signal + " cannot be exported (" + exporter + ")" + (why == null ? "" : ": " + why.getMessage())
            + "; they are dropped until the exporter answers again");
      }
    });
    return result;
  }

  static SpanExporter spans(SpanExporter exporter, Consumer<String> log) {
    ExportHealth health = new ExportHealth("spans", log);
    String name = exporter.toString();
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return health.watch(exporter.export(spans), name);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  static MetricExporter metrics(MetricExporter exporter, Consumer<String> log) {
    ExportHealth health = new ExportHealth("metrics", log);
    String name = exporter.toString();
    return new MetricExporter() {
      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        return health.watch(exporter.export(metrics), name);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }

      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return exporter.getAggregationTemporality(instrumentType);
      }

      @Override
      public io.opentelemetry.sdk.metrics.Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return exporter.getDefaultAggregation(instrumentType);
      }

      @Override
      public MemoryMode getMemoryMode() {
        return exporter.getMemoryMode();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
