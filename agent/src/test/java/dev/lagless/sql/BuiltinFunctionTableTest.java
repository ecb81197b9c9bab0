package dev.lagless.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.sql.BuiltinFunctions.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code builtin-functions.tsv} is what PostgreSQL really has: regenerates the rows of this server's
 * major version from a real primary's {@code pg_proc} and {@link BuiltinFunctionRules}, calls every
 * zero-argument function that is safe to call on a real standby (one that fails there "during
 * recovery" must be classified WRITE), and fails on any difference with the table in the agent.
 *
 * <p>To regenerate after a rule change or for another major version (see docs/local-cluster.md for
 * choosing the PostgreSQL version): {@code mvn -pl agent -am test -Dtest=BuiltinFunctionTableTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dlagless.builtins.regenerate=true}, then review the diff.
 */
class BuiltinFunctionTableTest {

  private static final Path SOURCE = Paths.get("src/main/resources/dev/lagless/sql", BuiltinFunctions.TABLE);
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws IOException {
    cluster = LocalCluster.builder().replicas(1).redis(false).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One function name of pg_catalog as this server has it (overloads together). */
  private static final class Function {
    final String name;
    final char volatility;
    final boolean callableWithoutArguments;
    final boolean returnsSet;

    Function(String name, char volatility, boolean callableWithoutArguments, boolean returnsSet) {
      this.name = name;
      this.volatility = volatility;
      this.callableWithoutArguments = callableWithoutArguments;
      this.returnsSet = returnsSet;
    }
  }

  @Test
  void theTableIsWhatThisServerHas() throws Exception {
    int major;
    Map<String, Function> functions = new TreeMap<>();
    try (Connection c = cluster.primary().connect("postgres"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
        rs.next();
        major = rs.getInt(1);
      }
      // The most volatile overload decides ('i' < 's' < 'v'); only plain functions can be called
      // without arguments, and not those whose result is a pseudo-type only the server can use.
      try (ResultSet rs = s.executeQuery("SELECT p.proname, max(p.provolatile::text),"
          + " bool_or(p.prokind = 'f' AND p.pronargs = 0 AND t.typtype <> 'p'), bool_or(p.proretset)"
          + " FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype"
          + " WHERE p.pronamespace = 'pg_catalog'::regnamespace GROUP BY p.proname")) {
        while (rs.next()) {
          functions.put(rs.getString(1), new Function(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3),
              rs.getBoolean(4)));
        }
      }
    }

    List<String> undecided = new ArrayList<>();
    Map<String, String> rows = new TreeMap<>();
    for (Function f : functions.values()) {
      Kind kind = BuiltinFunctionRules.kindOf(f.name, f.volatility);
      if (kind == null) {
        undecided.add(f.name);
      } else {
        rows.put(f.name, f.volatility + "\t" + kind.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertTrue(undecided.isEmpty(), "VOLATILE functions of PostgreSQL " + major
        + " that BuiltinFunctionRules does not classify (decide READ, WRITE, SESSION or NODE): " + undecided);

    List<String> wrong = new ArrayList<>();
    int called = 0;
    try (Connection standby = cluster.replica(0).connect("postgres"); Statement s = standby.createStatement()) {
      s.execute("SET statement_timeout = '2s'");
      for (Function f : functions.values()) {
        if (!f.callableWithoutArguments || BuiltinFunctionRules.NOT_TO_CALL.contains(f.name)) {
          continue;
        }
        called++;
        String call = "pg_catalog.\"" + f.name + "\"()";
        String sql = f.returnsSet ? "SELECT 1 FROM " + call + " LIMIT 1" : "SELECT " + call;
        try (ResultSet ignored = s.executeQuery(sql)) {
          // it ran on the standby
        } catch (SQLException e) {
          boolean refusedInRecovery = "25006".equals(e.getSQLState())
              || String.valueOf(e.getMessage()).contains("recovery");
          if (refusedInRecovery && !rows.get(f.name).endsWith("\twrite")) {
            wrong.add(f.name + " (" + e.getMessage().split("\n")[0] + ")");
          }
        }
      }
    }
    assertTrue(called > 50, "too few functions called on the standby: " + called);
    assertTrue(wrong.isEmpty(), "fail on a standby but are not classified WRITE: " + wrong);

    Table table = Table.read();
    if (Boolean.getBoolean("lagless.builtins.regenerate")) {
      table.replaceVersion(major, rows);
      Files.writeString(SOURCE, table.render(), StandardCharsets.UTF_8);
      System.out.println("wrote " + SOURCE.toAbsolutePath() + " for PostgreSQL " + major);
      return;
    }
    assertEquals(render(kindsOnly(rows)), render(table.kindsOf(major)),
        "builtin-functions.tsv differs from PostgreSQL " + major + "'s pg_proc: regenerate it (see this class)");
    assertEquals(table.kindsOfAllVersions(), BuiltinFunctions.table(), "the agent reads the table as written");
  }

  /** name → kind, from name → volatility TAB kind: the volatility column is the most volatile of all versions. */
  private static Map<String, String> kindsOnly(Map<String, String> rows) {
    Map<String, String> kinds = new TreeMap<>();
    rows.forEach((name, rest) -> kinds.put(name, rest.substring(rest.indexOf('\t') + 1)));
    return kinds;
  }

  private static String render(Map<String, String> rows) {
    StringBuilder out = new StringBuilder();
    rows.forEach((name, rest) -> out.append(name).append('\t').append(rest).append('\n'));
    return out.toString();
  }

  /** The table as a file: per name, volatility, kind and the major versions that have it. */
  private static final class Table {
    private final Map<String, String[]> rows = new TreeMap<>();

    static Table read() throws IOException {
      Table table = new Table();
      try (InputStream in = BuiltinFunctions.class.getResourceAsStream(BuiltinFunctions.TABLE)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          if (!line.isEmpty() && !line.startsWith("#")) {
            String[] f = line.split("\t");
            table.rows.put(f[0], new String[] {f[1], f[2], f[3]});
          }
        }
      }
      return table;
    }

    /** name → kind of the functions that {@code major} has. */
    Map<String, String> kindsOf(int major) {
      Map<String, String> of = new TreeMap<>();
      rows.forEach((name, f) -> {
        if (versions(f[2]).contains(major)) {
          of.put(name, f[1]);
        }
      });
      return of;
    }

    Map<String, Kind> kindsOfAllVersions() {
      Map<String, Kind> kinds = new TreeMap<>();
      rows.forEach((name, f) -> kinds.put(name, Kind.valueOf(f[1].toUpperCase(java.util.Locale.ROOT))));
      return kinds;
    }

    void replaceVersion(int major, Map<String, String> current) {
      for (Map.Entry<String, String[]> row : new ArrayList<>(rows.entrySet())) {
        TreeSet<Integer> versions = versions(row.getValue()[2]);
        versions.remove(major);
        if (versions.isEmpty()) {
          rows.remove(row.getKey());
        } else {
          row.getValue()[2] = join(versions);
        }
      }
      current.forEach((name, rest) -> {
        String[] f = rest.split("\t");
        String[] old = rows.get(name);
        TreeSet<Integer> versions = old == null ? new TreeSet<>() : versions(old[2]);
        versions.add(major);
        // 'i' < 's' < 'v': the most volatile of the versions (timezone(text, timetz) was VOLATILE up to 14)
        String volatility = old == null || f[0].compareTo(old[0]) > 0 ? f[0] : old[0];
        rows.put(name, new String[] {volatility, f[1], join(versions)});
      });
    }

    String render() {
      StringBuilder out = new StringBuilder();
      out.append("# PostgreSQL's built-in functions (pg_catalog), generated by BuiltinFunctionTableTest from the\n")
          .append("# pg_proc of each major version listed and BuiltinFunctionRules; do not edit by hand.\n")
          .append("# name\tvolatility (most volatile overload, of any version)\tkind (read, write, session, node)\tmajor versions\n");
      rows.forEach((name, f) -> out.append(name).append('\t').append(f[0]).append('\t').append(f[1]).append('\t')
          .append(f[2]).append('\n'));
      return out.toString();
    }

    private static TreeSet<Integer> versions(String list) {
      TreeSet<Integer> versions = new TreeSet<>();
      for (String v : list.split(",")) {
        versions.add(Integer.parseInt(v.trim()));
      }
      return versions;
    }

    private static String join(TreeSet<Integer> versions) {
      StringBuilder out = new StringBuilder();
      for (int v : versions) {
        out.append(out.length() == 0 ? "" : ",").append(v);
      }
      return out.toString();
    }
  }
}
