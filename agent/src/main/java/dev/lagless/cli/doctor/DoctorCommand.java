package dev.lagless.cli.doctor;

import dev.lagless.agent.Version;
import dev.lagless.config.ConfigParser;
import dev.lagless.config.ConfigProblem;
import dev.lagless.config.ConfigSource;
import dev.lagless.config.HostPort;
import dev.lagless.config.LaglessConfig;
import dev.lagless.config.ReplicaSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar lagless-agent.jar doctor} (SPEC §5): checks the {@code LAGLESS_*} settings against
 * the real servers — the settings themselves, the primary (reachable, really the primary, the
 * functions the agent calls allowed), each replica (reachable, in recovery, of the primary's cluster
 * and timeline, its lag, its recovery-conflict settings) and Redis — and says what to fix.
 * Exit code 0 when all is well, 1 when something needs fixing, 2 for bad arguments.
 */
public final class DoctorCommand {

  private DoctorCommand() {}

  public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    DoctorOptions options;
    try {
      options = DoctorOptions.parse(args, environment);
    } catch (IllegalArgumentException e) {
      err.println("lagless doctor: " + e.getMessage());
      err.println(DoctorOptions.USAGE);
      return 2;
    }
    if (options.help) {
      out.println(DoctorOptions.USAGE);
      return 0;
    }
    out.println("Lagless " + Version.current() + " doctor");
    Report report = new Report(out);

    report.section("settings (LAGLESS_*)");
    ConfigParser.Result parsed = ConfigParser.parse(ConfigSource.of(environment, Map.of()));
    for (String warning : parsed.warnings()) {
      report.add(Finding.note(warning));
    }
    if (!parsed.isValid()) {
      for (ConfigProblem problem : parsed.problems()) {
        report.add(Finding.problem(problem.toString(), "correct " + problem.givenAs() + " (see docs/configuration.md)"));
      }
      return finish(report, out);
    }
    LaglessConfig config = parsed.config();
    List<Finding> settings = new ArrayList<>();
    if (!config.enabled()) {
      settings.add(Finding.note("LAGLESS_ENABLED=false: the agent would route nothing; the checks below still run"));
    }
    if (config.replicas().isEmpty()) {
      settings.add(Finding.problem("LAGLESS_REPLICAS is empty: every statement would go to the primary",
          "list the replicas: LAGLESS_REPLICAS=host1:5432,host2:5432"));
    } else {
      settings.add(Finding.ok("valid; " + config.replicas().size() + " replica source(s), LAGLESS_MAX_LAG "
          + config.maxLag() + ", read-your-own-writes " + (config.ryow() ? "on" : "off")));
    }
    report.addAll(settings);

    PostgresChecks postgres = new PostgresChecks(options);
    report.section("primary " + options.primary + " (database " + options.database + ", user " + options.user + ")");
    List<Finding> primaryFindings = new ArrayList<>();
    PostgresChecks.Primary primary = postgres.primary(primaryFindings);
    report.addAll(primaryFindings);

    for (ReplicaSource source : config.replicas()) {
      HostPort node;
      Map<String, String> parameters;
      switch (source.kind()) {
        case HOST_PORT:
          node = source.endpoint();
          parameters = Map.of();
          break;
        case JDBC_URL:
          node = source.jdbcUrl().hosts().get(0);
          parameters = source.jdbcUrl().parameters();
          break;
        default:
          report.section("replicas from " + source);
          report.add(Finding.note("discovery " + source.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " is not in this build: it adds no replica, nothing to check"));
          continue;
      }
      report.section("replica " + node);
      List<Finding> replicaFindings = new ArrayList<>();
      postgres.replica(node, parameters, primary, config.maxLag(), replicaFindings);
      report.addAll(replicaFindings);
    }

    if (config.redis() != null) {
      for (String uri : config.redis().uris()) {
        report.section("redis (LAGLESS_REDIS_URL)");
        report.add(RedisCheck.check(uri));
      }
    }
    return finish(report, out);
  }

  private static int finish(Report report, PrintStream out) {
    out.println();
    if (report.problems() == 0) {
      out.println("All is well: Lagless can route this application's reads to these replicas.");
      return 0;
    }
    out.println(report.problems() + (report.problems() == 1 ? " problem" : " problems") + " to fix (see fix: above).");
    return 1;
  }
}
