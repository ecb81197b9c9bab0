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

    List<ReplicaSource> patroni = new ArrayList<>();
    for (ReplicaSource source : config.replicas()) {
      switch (source.kind()) {
        case HOST_PORT:
          checkReplica(postgres, report, source.endpoint(), Map.of(), primary, config);
          break;
        case JDBC_URL:
          checkReplica(postgres, report, source.jdbcUrl().hosts().get(0), source.jdbcUrl().parameters(), primary, config);
          break;
        default:
          patroni.add(source);
          break;
      }
    }
    if (!patroni.isEmpty()) {
      checkPatroni(postgres, report, patroni, primary, config);
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

  private static void checkReplica(PostgresChecks postgres, Report report, HostPort node, Map<String, String> parameters,
      PostgresChecks.Primary primary, LaglessConfig config) {
    report.section("replica " + node);
    List<Finding> replicaFindings = new ArrayList<>();
    postgres.replica(node, parameters, primary, config.maxLag(), replicaFindings);
    report.addAll(replicaFindings);
  }

  /**
   * Asks Patroni which members may serve reads now, as the agent does (the first endpoint that answers
   * decides), and checks each of them.
   */
  private static void checkPatroni(PostgresChecks postgres, Report report, List<ReplicaSource> sources,
      PostgresChecks.Primary primary, LaglessConfig config) {
    report.section("replicas from " + sources.stream().map(ReplicaSource::toString)
        .collect(java.util.stream.Collectors.joining(", ")));
    List<HostPort> members = null;
    List<String> silent = new ArrayList<>();
    for (ReplicaSource source : sources) {
      try {
        members = dev.lagless.discovery.PatroniDiscovery.readableMembers(source.endpoint());
        break;
      } catch (java.io.IOException e) {
        silent.add("Patroni's REST API at " + source.endpoint() + " does not answer GET /cluster: " + e.getMessage());
      }
    }
    for (String text : silent) {
      // Another endpoint answering is what listing several is for: then a silent one is worth a note only.
      report.add(members != null ? Finding.note(text) : Finding.problem(text, "check the address (Patroni's"
          + " restapi.listen, default port 8008) and that it is plain HTTP reachable from here; the agent keeps"
          + " asking every second"));
    }
    if (members == null) {
      return;
    }
    report.add(members.isEmpty()
        ? Finding.note("Patroni names no member that may serve reads now: every read goes to the primary")
        : Finding.ok("Patroni names " + members.size() + " member(s) that may serve reads: " + members));
    for (HostPort member : members) {
      checkReplica(postgres, report, member, Map.of(), primary, config);
    }
  }
}
