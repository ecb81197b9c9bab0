package dev.lagless.telemetry;

import dev.lagless.config.QueryText;
import dev.lagless.routing.RouteReason;
import dev.lagless.sql.Classification;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.sql.SQLException;

/**
 * One routed statement execution as it is decided and run: where (route, node), why (reason), what
 * read-your-own-writes asked (token, wait), and how it ended. {@link #end} writes it out once: a CLIENT
 * span (or the attributes on the OpenTelemetry Java agent's JDBC span) and the metrics. Used by one
 * thread, the application's, from the statement's start to its end.
 */
public final class StatementSpan {

  /** What the router fills in when telemetry is off: every method returns at once. */
  public static final StatementSpan NONE = new StatementSpan();

  private final Telemetry telemetry;
  private final long startNanos;
  private final String database;
  private final Classification classification;
  private final String sql;
  /** Our own span, or the OpenTelemetry Java agent's JDBC span that we add to (not ours to end). */
  private final Span span;
  private final boolean ownSpan;
  private String host;
  private int port;
  private boolean replica;
  private RouteReason reason = RouteReason.NOT_ROUTED;
  private String token;
  private long waitNanos = -1;
  private long lagMillis = -1;
  private boolean ended;

  private StatementSpan() {
    this.telemetry = null;
    this.startNanos = 0;
    this.database = null;
    this.classification = null;
    this.sql = null;
    this.span = null;
    this.ownSpan = false;
  }

  StatementSpan(Telemetry telemetry, String database, String primaryHost, int primaryPort, Classification c,
      String sql) {
    this.telemetry = telemetry;
    this.startNanos = System.nanoTime();
    this.database = database;
    this.classification = c;
    this.sql = sql;
    this.host = primaryHost;
    this.port = primaryPort;
    Span current = telemetry.enrichAgentSpans ? Span.current() : null;
    if (current != null && current.getSpanContext().isValid()) {
      this.span = current;
      this.ownSpan = false;
    } else {
      this.span = telemetry.tracer.spanBuilder(name(c)).setSpanKind(SpanKind.CLIENT)
          .setParent(telemetry.caller.current()).startSpan();
      this.ownSpan = true;
    }
  }

  private static String name(Classification c) {
    String summary = c.summary();
    return summary == null || summary.isEmpty() ? "postgresql" : summary;
  }

  /** The planner's decision; the runner may change it (a fallback to the primary says why). */
  public void planned(RouteReason planned) {
    this.reason = planned;
  }

  /** It runs on the primary after all, for this reason. */
  public void onPrimary(RouteReason why, String primaryHost, int primaryPort) {
    if (telemetry == null) {
      return;
    }
    this.replica = false;
    this.reason = why;
    this.host = primaryHost;
    this.port = primaryPort;
  }

  /** It runs on this replica ({@code lagMillis}: its lag as last polled, -1 unknown). */
  public void onReplica(String replicaHost, int replicaPort, long lagMillis) {
    if (telemetry == null) {
      return;
    }
    this.replica = true;
    this.host = replicaHost;
    this.port = replicaPort;
    this.lagMillis = lagMillis;
  }

  /** A replica failed this read (connection, recovery conflict); it is tried elsewhere. */
  public void replicaFailed(String replicaHost, int replicaPort, Throwable error) {
    if (telemetry == null) {
      return;
    }
    this.reason = RouteReason.RETRY;
    span.addEvent("lagless.replica_failed", Attributes.builder()
        .put(SemanticAttributes.SERVER_ADDRESS, replicaHost).put(SemanticAttributes.SERVER_PORT, (long) replicaPort)
        .put(SemanticAttributes.ERROR_TYPE, errorType(error)).build());
  }

  /** The read-your-own-writes token this read had to respect. */
  public void token(Object required) {
    if (telemetry != null && required != null) {
      this.token = required.toString();
    }
  }

  /** How long the read waited for a replica to reach its token (0: one had already). */
  public void waited(long nanos) {
    if (telemetry != null) {
      this.waitNanos = Math.max(0, nanos);
    }
  }

  /** The execution finished ({@code error} null on success). Idempotent. */
  public void end(Throwable error) {
    if (telemetry == null || ended) {
      return;
    }
    ended = true;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String route = replica ? "replica" : "primary";
    String errorType = error == null ? null : errorType(error);
    span.setAttribute(SemanticAttributes.LAGLESS_ROUTE, route);
    span.setAttribute(SemanticAttributes.LAGLESS_REASON, reason.label());
    if (token != null) {
      span.setAttribute(SemanticAttributes.LAGLESS_RYOW_TOKEN, token);
    }
    if (waitNanos >= 0) {
      span.setAttribute(SemanticAttributes.LAGLESS_RYOW_WAIT_MS, waitNanos / 1e6);
      telemetry.ryowWait.record(waitNanos / 1e9, telemetry.routedAttributes(route, reason.label()));
    }
    if (lagMillis >= 0 && replica) {
      span.setAttribute(SemanticAttributes.LAGLESS_REPLICA_LAG_MS, lagMillis);
    }
    if (ownSpan || replica) {
      // The agent's span names the primary of the application's URL; the node that ran it is this one.
      span.setAttribute(SemanticAttributes.SERVER_ADDRESS, host);
      span.setAttribute(SemanticAttributes.SERVER_PORT, (long) port);
    }
    if (ownSpan) {
      span.setAttribute(SemanticAttributes.DB_SYSTEM_NAME, "postgresql");
      if (database != null) {
        span.setAttribute(SemanticAttributes.DB_NAMESPACE, database);
      }
      String summary = classification.summary();
      if (summary != null && !summary.isEmpty()) {
        span.setAttribute(SemanticAttributes.DB_QUERY_SUMMARY, summary);
        int space = summary.indexOf(' ');
        span.setAttribute(SemanticAttributes.DB_OPERATION_NAME, space > 0 ? summary.substring(0, space) : summary);
      }
      String text = queryText();
      if (text != null) {
        span.setAttribute(SemanticAttributes.DB_QUERY_TEXT, text);
      }
      if (error != null) {
        String state = sqlState(error);
        if (state != null) {
          span.setAttribute(SemanticAttributes.DB_RESPONSE_STATUS_CODE, state);
        }
        span.setAttribute(SemanticAttributes.ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
    telemetry.duration.record(seconds, telemetry.durationAttributes(database == null ? "" : database, route, host,
        port, errorType));
    telemetry.routed.add(1, telemetry.routedAttributes(route, reason.label()));
  }

  private String queryText() {
    QueryText mode = telemetry.queryText;
    if (mode == QueryText.OFF || sql == null || sql.isEmpty()) {
      return null;
    }
    return mode == QueryText.RAW ? sql : classification.sanitizedText();
  }

  private static String sqlState(Throwable error) {
    return error instanceof SQLException ? ((SQLException) error).getSQLState() : null;
  }

  /** SQLSTATE when the database gave one (SPEC §4), else the exception's class. */
  static String errorType(Throwable error) {
    String state = sqlState(error);
    return state != null && !state.isEmpty() ? state : error.getClass().getName();
  }
}
