package dev.lagless.agent;

import dev.lagless.config.ConfigParser;
import dev.lagless.config.ConfigProblem;
import dev.lagless.config.ConfigSource;
import dev.lagless.config.LaglessConfig;
import dev.lagless.config.Setting;
import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * What happens at start, separated from {@link AgentMain} so it can be tested in-process: parse the
 * settings, print the start line (or the error lines), and decide the mode.
 */
final class Startup {

  /** The mode the agent runs in for the life of the JVM. */
  enum Mode {
    /** Settings valid and {@code LAGLESS_ENABLED} not false. */
    ACTIVE,
    /** {@code LAGLESS_ENABLED=false}. */
    DISABLED,
    /** A setting was invalid: the application behaves exactly as without the agent. */
    PASS_THROUGH
  }

  static final String PREFIX = "[lagless] ";

  private final PrintStream out;
  private final IntConsumer exit;

  Startup(PrintStream out, IntConsumer exit) {
    this.out = out;
    this.exit = exit;
  }

  Outcome run(ConfigSource source) {
    ConfigParser.Result result = ConfigParser.parse(source);
    String name = "Lagless " + Version.current();
    for (String warning : result.warnings()) {
      out.println(PREFIX + warning);
    }
    if (!result.isValid()) {
      boolean failFast = "true".equalsIgnoreCase(valueOf(source, Setting.FAIL_FAST));
      for (ConfigProblem problem : result.problems()) {
        out.println(PREFIX + problem + (failFast
            ? "; exiting with status 2 (" + Setting.FAIL_FAST.envName() + "=true)"
            : "; " + name + " runs in pass-through mode (the application behaves as without the agent)"));
      }
      if (failFast) {
        out.flush();
        exit.accept(2);
      }
      return new Outcome(Mode.PASS_THROUGH, null);
    }
    LaglessConfig config = result.config();
    if (!config.enabled()) {
      out.println(PREFIX + name + " disabled by " + Setting.ENABLED.envName() + "=false; the application runs without it");
      return new Outcome(Mode.DISABLED, config);
    }
    out.println(PREFIX + name + " enabled on Java " + Runtime.version() + ": " + config.describe());
    return new Outcome(Mode.ACTIVE, config);
  }

  private static String valueOf(ConfigSource source, Setting setting) {
    ConfigSource.RawValue raw = source.get(setting);
    return raw == null ? setting.defaultValue() : raw.value().trim();
  }

  /** The mode, and the configuration when there is one. */
  static final class Outcome {
    final Mode mode;
    final LaglessConfig config;

    Outcome(Mode mode, LaglessConfig config) {
      this.mode = mode;
      this.config = config;
    }
  }
}
