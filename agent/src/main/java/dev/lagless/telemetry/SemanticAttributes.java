package dev.lagless.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/** The attribute names of SPEC §4: the stable database semantic conventions and Lagless's own. */
final class SemanticAttributes {

  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> DB_QUERY_SUMMARY = AttributeKey.stringKey("db.query.summary");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> DB_RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static final AttributeKey<String> LAGLESS_ROUTE = AttributeKey.stringKey("lagless.route");
  static final AttributeKey<String> LAGLESS_REASON = AttributeKey.stringKey("lagless.reason");
  static final AttributeKey<String> LAGLESS_RYOW_TOKEN = AttributeKey.stringKey("lagless.ryow.token");
  static final AttributeKey<Double> LAGLESS_RYOW_WAIT_MS = AttributeKey.doubleKey("lagless.ryow.wait_ms");
  static final AttributeKey<Long> LAGLESS_REPLICA_LAG_MS = AttributeKey.longKey("lagless.replica.lag_ms");

  private SemanticAttributes() {}
}
