package dev.lagless.cli;

import dev.lagless.agent.Version;
import dev.lagless.cli.demo.DemoCommand;
import dev.lagless.cli.doctor.DoctorCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code java -jar lagless-agent.jar VERB}: the command line of SPEC §5. */
public final class LaglessCli {

  private LaglessCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String verb = args.length == 0 ? "help" : args[0];
    switch (verb) {
      case "version":
      case "--version":
        out.println("Lagless " + Version.current());
        return 0;
      case "help":
      case "--help":
      case "-h":
        usage(out);
        return 0;
      case "demo":
        return DemoCommand.run(rest(args), out, err);
      case "doctor":
        return DoctorCommand.run(rest(args), System.getenv(), out, err);
      default:
        err.println("lagless: unknown command '" + verb + "'");
        usage(err);
        return 2;
    }
  }

  private static List<String> rest(String[] args) {
    return Arrays.asList(args).subList(1, args.length);
  }

  private static void usage(PrintStream out) {
    out.println("Lagless " + Version.current() + ": PostgreSQL read replicas for unmodified JVM applications");
    out.println();
    out.println("As an agent:  java -javaagent:lagless-agent.jar -jar app.jar   (configured by LAGLESS_* variables)");
    out.println("Commands:     java -jar lagless-agent.jar demo [--duration 30s] [--lag 200ms]");
    out.println("              java -jar lagless-agent.jar doctor [--url jdbc:postgresql://host:port/db] [--user U]");
    out.println("              java -jar lagless-agent.jar version | help");
  }
}
