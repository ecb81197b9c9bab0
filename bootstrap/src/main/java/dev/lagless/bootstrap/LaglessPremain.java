package dev.lagless.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The agent jar's entry points: {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class}.
 *
 * <p>This class is loaded by the system class loader, before anything else of Lagless. It touches JDK
 * types only and does no logging framework or NIO work (both would initialise JDK subsystems before
 * the application had a chance to configure them). It appends the agent jar to the bootstrap class
 * loader's search path, then hands over to {@link AgentStarter} <em>loaded by the bootstrap loader</em>,
 * by name: a direct reference would resolve {@code AgentStarter} through the system class loader and
 * give us two copies of its "already started" guard.
 */
public final class LaglessPremain {

  private LaglessPremain() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    attach(instrumentation);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    attach(instrumentation);
  }

  /** {@code java -jar lagless-agent.jar VERB}: the command line (SPEC §5) runs in the isolated loader too. */
  public static void main(String[] args) throws Throwable {
    AgentClassLoader loader = new AgentClassLoader(agentJar());
    Thread.currentThread().setContextClassLoader(loader);
    try {
      loader.loadClass("dev.lagless.cli.LaglessCli").getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void attach(Instrumentation instrumentation) {
    try {
      File agentJar = agentJar();
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar));
      Class<?> starter = Class.forName("dev.lagless.bootstrap.AgentStarter", true, null);
      starter.getMethod("start", Instrumentation.class, File.class).invoke(null, instrumentation, agentJar);
    } catch (Throwable t) {
      Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
      // Never let Lagless stop the application: say why once, and run without us.
      System.err.println("[lagless] could not start; the application runs without Lagless: " + cause);
    }
  }

  static File agentJar() throws URISyntaxException {
    return new File(LaglessPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
