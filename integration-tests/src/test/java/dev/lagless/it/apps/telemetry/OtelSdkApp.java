package dev.lagless.it.apps.telemetry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An application that uses the OpenTelemetry API and SDK itself (no OpenTelemetry Java agent): it
 * builds its SDK in code, exporting over OTLP/HTTP, and does {@link WriteReadApp}'s work inside a span
 * of its own, then a read under the baggage hint {@code lagless.primary=true}. Prints that span's trace
 * and span ids, and where the hinted read ran ({@code hinted port=N}).
 *
 * <p>Arguments: JDBC URL, user, password, note id, OTLP endpoint (http://host:port).
 */
public final class OtelSdkApp {

  public static void main(String[] args) throws Exception {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "otel-sdk-app"))))
        .addSpanProcessor(SimpleSpanProcessor.create(
            OtlpHttpSpanExporter.builder().setEndpoint(args[4] + "/v1/traces").build()))
        .build()).build();
    Span checkout = sdk.getTracer("otel-sdk-app").spanBuilder("checkout").startSpan();
    try (Scope ignored = checkout.makeCurrent();
        Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      System.out.println("app trace=" + checkout.getSpanContext().getTraceId() + " span="
          + checkout.getSpanContext().getSpanId());
      WriteReadApp.run(c, Integer.parseInt(args[3]));
      // The routing hint of SPEC §2 as baggage, set with the application's own API.
      try (Scope hinted = Baggage.current().toBuilder().put("lagless.primary", "true").build().makeCurrent();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*), inet_server_port() FROM notes")) {
        rs.next();
        System.out.println("hinted port=" + rs.getInt(2));
      }
    } finally {
      checkout.end();
      sdk.close();
    }
  }
}
