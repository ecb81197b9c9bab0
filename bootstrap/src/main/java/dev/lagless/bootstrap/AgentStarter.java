package dev.lagless.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loaded by the bootstrap class loader, so there is exactly one per JVM: the double-attach guard
 * lives here. Creates the isolated {@link AgentClassLoader} and starts the agent proper inside it.
 */
public final class AgentStarter {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private AgentStarter() {}

  public static void start(Instrumentation instrumentation, File agentJar) throws Exception {
    if (!STARTED.compareAndSet(false, true)) {
      // Two -javaagent flags (or a late attach on top of a premain): the first one wins.
      System.err.println("[lagless] already attached; ignoring the second attachment of " + agentJar);
      return;
    }
    AgentClassLoader loader = new AgentClassLoader(agentJar);
    Class<?> agentMain = loader.loadClass("dev.lagless.agent.AgentMain");
    agentMain.getMethod("start", Instrumentation.class, File.class).invoke(null, instrumentation, agentJar);
  }

  /** For tests of the guard only. */
  static boolean started() {
    return STARTED.get();
  }
}
