package dev.lagless.agent;

import dev.lagless.config.ConfigSource;
import dev.lagless.jdbc.Routing;
import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The agent proper, started by {@code dev.lagless.bootstrap.AgentStarter} inside the isolated agent
 * class loader. Reads the configuration, says in one line what it will do, and, when active, weaves
 * routing into the application's PostgreSQL driver.
 */
public final class AgentMain {

  private AgentMain() {}

  public static void start(Instrumentation instrumentation, File agentJar) {
    Startup.Outcome outcome = new Startup(System.err, status -> System.exit(status)).run(ConfigSource.fromSystem());
    AgentState.set(outcome);
    if (outcome.mode != Startup.Mode.ACTIVE) {
      return;
    }
    try {
      Routing.start(outcome.config, instrumentation, line -> System.err.println(Startup.PREFIX + line));
    } catch (Throwable e) {
      // The application must start as without the agent, whatever went wrong here.
      System.err.println(Startup.PREFIX + "routing could not start, the application runs without it: " + e);
    }
  }
}
