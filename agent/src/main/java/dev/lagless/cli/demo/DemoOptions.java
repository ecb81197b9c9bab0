package dev.lagless.cli.demo;

import dev.lagless.cli.Arguments;
import dev.lagless.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The demo's arguments: {@code --duration} (default 30s) and {@code --lag} (default none). */
final class DemoOptions {

  static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  static final String USAGE = "usage: java -jar lagless-agent.jar demo [--duration 30s] [--lag 200ms]\n"
      + "  --duration  how long the sample application runs (5s to 1h; default 30s)\n"
      + "  --lag       replica lag to inject (each replica applies commits that late; 0 to 10s; default none)";

  final Duration duration;
  final Duration lag;
  final boolean help;

  private DemoOptions(Duration duration, Duration lag, boolean help) {
    this.duration = duration;
    this.lag = lag;
    this.help = help;
  }

  static DemoOptions parse(List<String> args) {
    Arguments arguments = Arguments.parse(args, Set.of("--duration", "--lag"));
    Duration duration = arguments.get("--duration") == null ? DEFAULT_DURATION
        : duration("--duration", arguments.get("--duration"), Duration.ofSeconds(5), Duration.ofHours(1));
    Duration lag = arguments.get("--lag") == null ? Duration.ZERO
        : duration("--lag", arguments.get("--lag"), Duration.ZERO, Duration.ofSeconds(10));
    return new DemoOptions(duration, lag, arguments.help());
  }

  private static Duration duration(String name, String value, Duration min, Duration max) {
    Duration parsed = value.trim().equals("0") ? Duration.ZERO : Durations.parse(value.trim());
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " " + value + ": expected a duration such as 200ms, 10s or 2min, from "
          + (min.isZero() ? "0" : Durations.format(min)) + " to " + Durations.format(max));
    }
    return parsed;
  }
}
