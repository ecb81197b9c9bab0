package dev.lagless.benchmarks.load;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The YAML file ShardingSphere-JDBC's driver reads ({@code jdbc:shardingsphere:absolutepath:FILE}): one
 * HikariCP pool per server, one {@code READWRITE_SPLITTING} rule (writes on the primary, reads round
 * robin over both replicas), the {@code SINGLE} rule that makes its tables known, everything else at its defaults. The file holds the application's
 * password, so it is created readable by its owner only; the run deletes its directory at the end.
 */
final class ShardingSphereConfig {

  private ShardingSphereConfig() {}

  static Path write(Path dir, LocalCluster cluster, int poolSize) throws IOException {
    StringBuilder yaml = new StringBuilder("databaseName: ").append(cluster.database()).append('\n')
        .append("dataSources:\n");
    dataSource(yaml, "primary_ds", cluster.primary(), cluster, poolSize);
    for (int i = 0; i < cluster.replicas().size(); i++) {
      dataSource(yaml, "replica_ds_" + i, cluster.replica(i), cluster, poolSize);
    }
    yaml.append("rules:\n")
        // Since 5.4 tables not under a sharding rule are known only if listed; this loads them all.
        .append("- !SINGLE\n")
        .append("  tables:\n")
        .append("    - \"*.*.*\"\n")
        .append("- !READWRITE_SPLITTING\n")
        .append("  dataSources:\n")
        .append("    readwrite_ds:\n")
        .append("      writeDataSourceName: primary_ds\n")
        .append("      readDataSourceNames:\n");
    for (int i = 0; i < cluster.replicas().size(); i++) {
      yaml.append("        - replica_ds_").append(i).append('\n');
    }
    yaml.append("      loadBalancerName: round_robin\n")
        .append("  loadBalancers:\n")
        .append("    round_robin:\n")
        .append("      type: ROUND_ROBIN\n");
    Path file = dir.resolve("shardingsphere-" + poolSize + ".yaml");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, yaml);
    return file;
  }

  private static void dataSource(StringBuilder yaml, String name, PostgresNode node, LocalCluster cluster,
      int poolSize) {
    yaml.append("  ").append(name).append(":\n")
        .append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n")
        .append("    driverClassName: org.postgresql.Driver\n")
        .append("    jdbcUrl: ").append(node.jdbcUrl(cluster.database())).append('\n')
        .append("    username: ").append(cluster.appUser()).append('\n')
        .append("    password: ").append(cluster.appPassword()).append('\n')
        .append("    maximumPoolSize: ").append(poolSize).append('\n')
        .append("    minimumIdle: ").append(poolSize).append('\n');
  }
}
