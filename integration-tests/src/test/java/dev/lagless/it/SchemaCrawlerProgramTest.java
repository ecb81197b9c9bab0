package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real metadata-heavy tool, unchanged: SchemaCrawler 16 (from Maven Central, its own command line)
 * describes a database at its most detailed level — tables, columns, keys, foreign keys, indexes,
 * views, routines and their parameters, types, privileges, the driver's and database's properties —
 * all of it read through
 * pgjdbc's {@code DatabaseMetaData}. With the agent its report must be the same, and those reads must
 * have run on the replicas (the servers' own logs say where each statement ran).
 */
class SchemaCrawlerProgramTest {

  private static final String DATABASE = "crawled";
  private static final String APPLICATION = "schemacrawler-it";

  private static LocalCluster cluster;

  @BeforeAll
  static void createSchema() throws Exception {
    cluster = SharedCluster.get();
    ProgramDatabase.create(cluster, DATABASE);
    ProgramDatabase.setUp(cluster, DATABASE,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.customer (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(80),"
            + " created timestamptz DEFAULT now())",
        "COMMENT ON TABLE shop.customer IS 'people who buy'",
        "COMMENT ON COLUMN shop.customer.email IS 'unique per customer'",
        "CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES shop.customer (id)"
            + " ON DELETE CASCADE, total numeric(10, 2) CHECK (total >= 0), status text DEFAULT 'new')",
        "CREATE TABLE shop.order_line (order_id bigint REFERENCES shop.orders (id), line int, sku text,"
            + " PRIMARY KEY (order_id, line))",
        "CREATE INDEX orders_customer ON shop.orders (customer_id, status)",
        "CREATE UNIQUE INDEX customer_lower_email ON shop.customer (lower(email))",
        "CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100",
        "CREATE TYPE shop.mood AS ENUM ('happy', 'sad')",
        "CREATE DOMAIN shop.positive AS int CHECK (VALUE > 0)",
        "CREATE FUNCTION shop.order_count(c bigint) RETURNS bigint LANGUAGE sql STABLE"
            + " AS 'SELECT count(*) FROM shop.orders WHERE customer_id = c'",
        "CREATE PROCEDURE shop.close_orders(c bigint) LANGUAGE sql"
            + " AS 'UPDATE shop.orders SET status = ''closed'' WHERE customer_id = c'",
        "CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch()");
  }

  @Test
  void itsReportIsTheSameAndItsMetadataReadsRanOnTheReplicas() {
    Path jdk = ForkedJvm.jdks().get(0);
    String plain = crawl(jdk, false);
    assertTrue(plain.contains("shop.order_line") && plain.contains("orders_customer") && plain.contains("close_orders")
        && plain.contains("order_count") && plain.contains("people who buy"), plain);
    assertTrue(plain.contains("shop.orders.customer_id") && plain.contains("shop.customer.id"),
        "the foreign keys are in the report: " + plain);

    StatementLog log = StatementLog.mark(cluster);
    String routed = crawl(jdk, true);
    assertEquals(plain, routed, "SchemaCrawler's report with and without the agent");

    List<String> onReplicas = log.onReplicas(APPLICATION);
    List<String> onPrimary = log.on(cluster.primary(), APPLICATION).stream()
        // pgjdbc resolves the types of a result on the connection that holds it: for the program's own
        // connection to the primary that is the driver's business, no statement of the program's.
        .filter(statement -> !statement.contains("FROM pg_catalog.pg_type"))
        // Connection.setSchema (SET SESSION search_path): session state stays on the primary and is
        // carried to the replica connection that runs the next read.
        .filter(statement -> !statement.startsWith("SET "))
        // Questions about the server's settings are the primary's to answer (SPEC §2 rule 6).
        .filter(statement -> !statement.contains("FROM pg_catalog.pg_settings"))
        .collect(Collectors.toList());
    assertTrue(onReplicas.size() >= 30, "the metadata reads ran on the replicas: " + onReplicas);
    assertTrue(onReplicas.stream().anyMatch(s -> s.contains("AS \"PKTABLE_CAT\"")),
        "foreign keys (getImportedKeys/getExportedKeys) were read on a replica: " + onReplicas);
    assertEquals(List.of(), onPrimary, "no metadata read of the program ran on the primary");
    assertTrue(onReplicas.stream().noneMatch(s -> s.contains("pg_is_in_recovery()"))
            && !log.on(cluster.replica(0), "lagless-monitor").isEmpty(),
        "Lagless's own polls are named lagless-monitor, not after the application: " + onReplicas);
  }

  /** SchemaCrawler's report, without the line that says when it was made. */
  private static String crawl(Path jdk, boolean withAgent) {
    ForkedJvm jvm = ForkedJvm.on(jdk).classpath(ThirdPartyPrograms.classpath("schemacrawler"));
    if (withAgent) {
      jvm.withAgent().env("LAGLESS_REPLICAS", ProgramDatabase.replicaList(cluster));
    }
    ForkedJvm.Result run = jvm.main("schemacrawler.Main",
        "--url=" + ProgramDatabase.url(cluster, DATABASE, APPLICATION), "--user=" + ProgramDatabase.ROLE,
        "--password=" + ProgramDatabase.PASSWORD, "--info-level=maximum", "--schemas=shop", "--routines=.*",
        "--command=details",
        "--output-format=text").run();
    assertEquals(0, run.exitCode, run::toString);
    return run.stdout.lines().filter(line -> !line.startsWith("generated on")).collect(Collectors.joining("\n"));
  }
}
