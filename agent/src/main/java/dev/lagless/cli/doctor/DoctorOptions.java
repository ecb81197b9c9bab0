package dev.lagless.cli.doctor;

import dev.lagless.cli.Arguments;
import dev.lagless.config.HostPort;
import dev.lagless.config.JdbcUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the primary is and who connects: {@code --url} (a JDBC URL; {@code user} and {@code password}
 * may be among its parameters), {@code --user}, else the standard libpq variables {@code PGHOST},
 * {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}. There is no password
 * option: a password on a command line ends up in shell history and in {@code ps}.
 */
final class DoctorOptions {

  static final String USAGE = "usage: java -jar lagless-agent.jar doctor [--url jdbc:postgresql://host:port/database]"
      + " [--user name]\n"
      + "  The primary and credentials: --url and --user, else PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD\n"
      + "  (the password only from PGPASSWORD or the URL's password parameter). The LAGLESS_* settings are read from\n"
      + "  the environment, as the agent reads them. Exit code 0 when all is well, 1 when something needs fixing.";

  final HostPort primary;
  final String database;
  final String user;
  /** In memory only: never printed. */
  final String password;
  /** The URL's other parameters (sslmode, …): used for every node, as the agent does for replicas. */
  final Map<String, String> parameters;
  final boolean help;

  private DoctorOptions(HostPort primary, String database, String user, String password,
      Map<String, String> parameters, boolean help) {
    this.primary = primary;
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = parameters;
    this.help = help;
  }

  static DoctorOptions parse(List<String> args, Map<String, String> environment) {
    if (args.contains("--password") || args.stream().anyMatch(a -> a.startsWith("--password="))) {
      throw new IllegalArgumentException("--password is not an option: set PGPASSWORD (a password on the command"
          + " line is visible in ps and shell history)");
    }
    Arguments arguments = Arguments.parse(args, Set.of("--url", "--user"));
    if (arguments.help()) {
      return new DoctorOptions(null, null, null, null, Map.of(), true);
    }
    String url = arguments.get("--url");
    String user = arguments.get("--user");
    Map<String, String> parameters = new LinkedHashMap<>();
    HostPort primary;
    String database;
    if (url != null) {
      JdbcUrl parsed = JdbcUrl.of(url);
      primary = parsed.hosts().get(0);
      database = parsed.database();
      parameters.putAll(parsed.parameters());
    } else {
      String host = environment.getOrDefault("PGHOST", "localhost");
      String port = environment.getOrDefault("PGPORT", String.valueOf(HostPort.POSTGRES_DEFAULT_PORT));
      try {
        primary = new HostPort(host, Integer.parseInt(port.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("PGPORT " + port + " is not a port number");
      }
      database = environment.get("PGDATABASE");
    }
    String password = parameters.remove("password");
    String urlUser = parameters.remove("user");
    if (user == null) {
      user = urlUser != null ? urlUser : environment.getOrDefault("PGUSER", System.getProperty("user.name"));
    }
    if (password == null) {
      password = environment.get("PGPASSWORD");
    }
    if (database == null || database.isEmpty()) {
      database = user;
    }
    return new DoctorOptions(primary, database, user, password, parameters, false);
  }
}
