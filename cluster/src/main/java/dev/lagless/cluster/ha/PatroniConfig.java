package dev.lagless.cluster.ha;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a member's {@code patroni.yml}. Everything that must be equal on every member (timings,
 * PostgreSQL's parameters, rewind) goes into {@code bootstrap.dcs}, which the first member stores in
 * etcd for all; pg_hba goes into the local {@code postgresql.pg_hba}, which Patroni writes at every
 * start, so a member made by pg_basebackup or rewound by pg_rewind gets exactly the same rules.
 *
 * <p>Patroni 3.0.2's {@code --validate-config} rejects 127.0.0.1 in {@code connect_address}; Patroni
 * itself does not validate at start, and on one machine 127.0.0.1 is the right address.
 */
final class PatroniConfig {

  static final String SCOPE = "lagless-ha";
  static final String SUPERUSER = "postgres";
  static final String REPLICATION_USER = "replicator";

  private final String etcdEndpoint;
  private final Path pgBin;
  private final int ttl;
  private final int loopWait;
  private final int retryTimeout;
  private final String superuserPassword;
  private final String replicationPassword;
  private final Map<String, String> parameters;

  PatroniConfig(String etcdEndpoint, Path pgBin, int ttl, int loopWait, int retryTimeout, String superuserPassword,
      String replicationPassword, Map<String, String> parameters) {
    this.etcdEndpoint = etcdEndpoint;
    this.pgBin = pgBin;
    this.ttl = ttl;
    this.loopWait = loopWait;
    this.retryTimeout = retryTimeout;
    this.superuserPassword = superuserPassword;
    this.replicationPassword = replicationPassword;
    this.parameters = parameters;
  }

  String yaml(String name, int pgPort, int restPort, Path dataDir, Path pgpass) {
    StringBuilder y = new StringBuilder()
        .append("scope: ").append(SCOPE).append('\n')
        .append("namespace: /lagless/\n")
        .append("name: ").append(name).append('\n')
        .append("log:\n")
        .append("  level: INFO\n")
        // HAProxy ends each health check with a TCP reset, which Patroni's REST API (up to 4.1 at least)
        // logs as a warning with a traceback, ten times a second per member here: it logs errors only.
        .append("  loggers:\n")
        .append("    patroni.api: ERROR\n")
        .append("restapi:\n")
        .append("  listen: 127.0.0.1:").append(restPort).append('\n')
        .append("  connect_address: 127.0.0.1:").append(restPort).append('\n')
        .append("etcd3:\n")
        .append("  hosts: ").append(etcdEndpoint).append('\n')
        .append("bootstrap:\n")
        .append("  dcs:\n")
        .append("    ttl: ").append(ttl).append('\n')
        .append("    loop_wait: ").append(loopWait).append('\n')
        .append("    retry_timeout: ").append(retryTimeout).append('\n')
        .append("    maximum_lag_on_failover: 1048576\n")
        .append("    postgresql:\n")
        .append("      use_pg_rewind: true\n")
        .append("      use_slots: true\n")
        .append("      parameters:\n");
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      y.append("        ").append(parameter.getKey()).append(": ").append(scalar(parameter.getValue())).append('\n');
    }
    y.append("  initdb:\n")
        .append("  - encoding: UTF8\n")
        .append("  - locale: C\n")
        // Test data: syncing initdb's files to disk buys nothing.
        .append("  - no-sync\n")
        .append("postgresql:\n")
        .append("  listen: 127.0.0.1:").append(pgPort).append('\n')
        .append("  connect_address: 127.0.0.1:").append(pgPort).append('\n')
        .append("  data_dir: ").append(scalar(dataDir.toString())).append('\n')
        .append("  bin_dir: ").append(scalar(pgBin.toString())).append('\n')
        .append("  pgpass: ").append(scalar(pgpass.toString())).append('\n')
        .append("  authentication:\n")
        .append("    superuser:\n")
        .append("      username: ").append(SUPERUSER).append('\n')
        .append("      password: ").append(scalar(superuserPassword)).append('\n')
        .append("    replication:\n")
        .append("      username: ").append(REPLICATION_USER).append('\n')
        .append("      password: ").append(scalar(replicationPassword)).append('\n')
        // pg_rewind reads the new leader's files through a normal connection; the superuser may.
        .append("    rewind:\n")
        .append("      username: ").append(SUPERUSER).append('\n')
        .append("      password: ").append(scalar(superuserPassword)).append('\n')
        .append("  basebackup:\n")
        // A new replica asks the leader for an immediate checkpoint instead of waiting for the next.
        .append("  - checkpoint: fast\n")
        .append("  pg_hba:\n")
        .append("  - host replication ").append(REPLICATION_USER).append(" 127.0.0.1/32 scram-sha-256\n")
        .append("  - host all all 127.0.0.1/32 scram-sha-256\n");
    return y.toString();
  }

  /** A YAML scalar: digits as they are, anything else single-quoted ("on" would be a boolean). */
  private static String scalar(String value) {
    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
      return value;
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
