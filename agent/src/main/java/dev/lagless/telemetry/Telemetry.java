package dev.lagless.telemetry;

import dev.lagless.config.QueryText;
import dev.lagless.routing.ReplicaNode;
import dev.lagless.sql.Classification;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spans and golden-signal metrics of routing (SPEC §4). One instance per agent, made by
 * {@link TelemetrySetup}; {@link #OFF} costs a branch per statement and nothing else.
 */
public final class Telemetry {

  /** Instrumentation scope: what a backend shows as the producer of these spans and metrics. */
  static final String SCOPE = "dev.lagless";

  /** Nothing is recorded: {@code OTEL_SDK_DISABLED=true}, or telemetry could not start. */
  public static final Telemetry OFF = new Telemetry();

  /** The semantic conventions' advice for database operation durations, in seconds. */
  private static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
  /** Read-your-own-writes waits are short by design (LAGLESS_RYOW_WAIT, 50 ms by default). */
  private static final List<Double> WAIT_BUCKETS =
      List.of(0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0);

  final boolean on;
  final Tracer tracer;
  /** The OpenTelemetry Java agent makes a span per JDBC statement: add to it rather than make a second one. */
  final boolean enrichAgentSpans;
  final QueryText queryText;
  final CallerContext caller;
  final DoubleHistogram duration;
  final LongCounter routed;
  final DoubleHistogram ryowWait;
  final Meter meter;
  private final ConcurrentHashMap<String, Attributes> durationAttributes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Attributes> routedAttributes = new ConcurrentHashMap<>();

  private Telemetry() {
    this.on = false;
    this.tracer = null;
    this.enrichAgentSpans = false;
    this.queryText = QueryText.OFF;
    this.caller = null;
    this.duration = null;
    this.routed = null;
    this.ryowWait = null;
    this.meter = null;
  }

  Telemetry(OpenTelemetry openTelemetry, boolean enrichAgentSpans, QueryText queryText, CallerContext caller) {
    this.on = true;
    this.tracer = openTelemetry.getTracer(SCOPE, dev.lagless.agent.Version.current());
    this.enrichAgentSpans = enrichAgentSpans;
    this.queryText = queryText;
    this.caller = caller;
    this.meter = openTelemetry.getMeter(SCOPE);
    this.duration = meter.histogramBuilder("db.client.operation.duration")
        .setDescription("Duration of database client operations, where Lagless ran them")
        .setUnit("s").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.routed = meter.counterBuilder("lagless.routed")
        .setDescription("Statements routed, by route (primary, replica) and reason").setUnit("{statement}").build();
    this.ryowWait = meter.histogramBuilder("lagless.ryow.wait")
        .setDescription("Time a read with a read-your-own-writes token waited for a replica to reach it")
        .setUnit("s").setExplicitBucketBoundariesAdvice(WAIT_BUCKETS).build();
  }

  public boolean on() {
    return on;
  }

  /**
   * A routed statement execution begins: the span (or the OpenTelemetry Java agent's JDBC span) that
   * the router fills in as it decides, ended by {@link StatementSpan#end}.
   */
  public StatementSpan start(String database, String primaryHost, int primaryPort, Classification c, String sql) {
    if (!on) {
      return StatementSpan.NONE;
    }
    return new StatementSpan(this, database, primaryHost, primaryPort, c, sql);
  }

  /** Per-replica lag gauges, read from the monitor's last poll when a reader collects. */
  public void observeReplicas(dev.lagless.routing.ReplicaSet replicas) {
    if (!on || !replicas.configured()) {
      return;
    }
    meter.gaugeBuilder("lagless.replica.lag").setUnit("s")
        .setDescription("How far each replica's replay is behind the primary, in time")
        .buildWithCallback(measurement -> {
          for (ReplicaNode node : replicas.nodes()) {
            long millis = node.health().lagMillis;
            if (millis >= 0) {
              measurement.record(millis / 1000.0, endpoint(node.endpoint().host(), node.endpoint().port()));
            }
          }
        });
    meter.gaugeBuilder("lagless.replica.lag.bytes").ofLongs().setUnit("By")
        .setDescription("How far each replica's replay is behind the primary, in bytes of WAL")
        .buildWithCallback(measurement -> {
          for (ReplicaNode node : replicas.nodes()) {
            long bytes = node.health().lagBytes;
            if (bytes >= 0) {
              measurement.record(bytes, endpoint(node.endpoint().host(), node.endpoint().port()));
            }
          }
        });
  }

  /** HikariCP metrics of the replica pools (connection count by state, pending requests, wait time). */
  public PoolMetrics poolMetrics() {
    return on ? new PoolMetrics(meter) : null;
  }

  static Attributes endpoint(String host, int port) {
    return Attributes.of(AttributeKey.stringKey("server.address"), host, AttributeKey.longKey("server.port"),
        (long) port);
  }

  Attributes durationAttributes(String database, String route, String host, int port, String errorType) {
    if (errorType != null) {
      return durationBase(database, route, host, port).put(SemanticAttributes.ERROR_TYPE, errorType).build();
    }
    String key = database + '\u0000' + route + '\u0000' + host + '\u0000' + port;
    Attributes cached = durationAttributes.get(key);
    if (cached == null) {
      cached = durationBase(database, route, host, port).build();
      durationAttributes.put(key, cached);
    }
    return cached;
  }

  private static io.opentelemetry.api.common.AttributesBuilder durationBase(String database, String route, String host,
      int port) {
    return Attributes.builder().put(SemanticAttributes.DB_SYSTEM_NAME, "postgresql")
        .put(SemanticAttributes.DB_NAMESPACE, database).put(SemanticAttributes.LAGLESS_ROUTE, route)
        .put(SemanticAttributes.SERVER_ADDRESS, host).put(SemanticAttributes.SERVER_PORT, (long) port);
  }

  Attributes routedAttributes(String route, String reason) {
    String key = route + '\u0000' + reason;
    Attributes cached = routedAttributes.get(key);
    if (cached == null) {
      cached = Attributes.of(SemanticAttributes.LAGLESS_ROUTE, route, SemanticAttributes.LAGLESS_REASON, reason);
      routedAttributes.put(key, cached);
    }
    return cached;
  }
}
