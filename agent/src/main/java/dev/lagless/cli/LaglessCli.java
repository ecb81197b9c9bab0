package dev.lagless.cli;

import dev.lagless.agent.Version;
import java.io.PrintStream;

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
      case "doctor":
        err.println("lagless: '" + verb + "' is not in this build yet; see README.md for what runs today");
        return 2;
      default:
        err.println("lagless: unknown command '" + verb + "'");
        usage(err);
        return 2;
    }
  }

  private static void usage(PrintStream out) {
    out.println("Lagless " + Version.current() + ": PostgreSQL read replicas for unmodified JVM applications");
    out.println();
    out.println("As an agent:  java -javaagent:lagless-agent.jar -jar app.jar   (configured by LAGLESS_* variables)");
    out.println("Commands:     java -jar lagless-agent.jar demo | doctor | version | help");
  }
}
