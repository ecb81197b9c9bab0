package dev.lagless.agent;

import dev.lagless.config.ConfigSource;
import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The agent proper, started by {@code dev.lagless.bootstrap.AgentStarter} inside the isolated agent
 * class loader. Reads the configuration and says, in one line, what it will do.
 */
public final class AgentMain {

  private AgentMain() {}

  public static void start(Instrumentation instrumentation, File agentJar) {
    Startup.Outcome outcome = new Startup(System.err, status -> System.exit(status)).run(ConfigSource.fromSystem());
    AgentState.set(outcome);
  }
}
