package dev.lagless.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.it.ForkedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar agent/target/lagless-agent.jar demo}, as README.md tells a newcomer to run it (the
 * built jar, a child process, nothing else prepared): it must report no stale read, most reads served
 * by replicas, and leave no process and no directory behind. Also as an unprivileged user, and with
 * injected lag, where read-your-own-writes must visibly send reads to the primary.
 */
class DemoTest {

  private static final Pattern READS = Pattern.compile("reads: (\\d+), on replicas (\\d+) \\(");
  private static final Pattern FALLBACKS = Pattern.compile("(\\d+) went to the primary instead");

  @Test
  void theReadmeDemoRunsCleanAndLeavesNothingBehind() throws Exception {
    Demo demo = run(List.of(), "demo", "--duration", "10s");
    demo.assertCleanRun();
    demo.assertNothingLeft();
  }

  @Test
  void injectedLagIsAbsorbedByReadYourOwnWrites() throws Exception {
    Demo demo = run(List.of(), "demo", "--duration", "6s", "--lag", "200ms");
    demo.assertCleanRun();
    Matcher fallbacks = FALLBACKS.matcher(demo.output);
    assertTrue(fallbacks.find(), demo.output);
    assertTrue(Long.parseLong(fallbacks.group(1)) > 0,
        "with every replica 200 ms behind, dashboards after a write must be read from the primary: " + demo.output);
    assertTrue(demo.output.contains("replica lag injected"), demo.output);
    demo.assertNothingLeft();
  }

  @Test
  void itRunsAsAnOrdinaryUser() throws Exception {
    if (!"0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim())) {
      // Already an ordinary user: the other tests are this one.
      theReadmeDemoRunsCleanAndLeavesNothingBehind();
      return;
    }
    Demo demo = run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"), "demo", "--duration", "5s");
    demo.assertCleanRun();
    demo.assertNothingLeft();
  }

  @Test
  void badArgumentsAreRefusedWithUsage() throws Exception {
    Demo demo = run(List.of(), "demo", "--lag", "soon");
    assertEquals(2, demo.exitCode, demo.output);
    assertTrue(demo.output.contains("--lag soon: expected a duration") && demo.output.contains("usage:"), demo.output);
  }

  private static Demo run(List<String> prefix, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add(ForkedJvm.jdks().get(0).resolve("bin").resolve("java").toString());
    command.add("-jar");
    command.add(ForkedJvm.agentJar().toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_"));
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the demo did not end within 120 s: " + output.getNow(""));
    }
    return new Demo(process.exitValue(), output.get(10, TimeUnit.SECONDS));
  }

  private static final class Demo {
    final int exitCode;
    final String output;

    Demo(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    void assertCleanRun() {
      assertEquals(0, exitCode, output);
      assertTrue(output.contains("stale reads: 0\n"), output);
      assertTrue(output.contains("errors: 0\n"), output);
      Matcher reads = READS.matcher(output);
      assertTrue(reads.find(), output);
      long all = Long.parseLong(reads.group(1));
      long onReplicas = Long.parseLong(reads.group(2));
      assertTrue(all > 100 && onReplicas * 2 > all, "replicas served most reads: " + output);
    }

    void assertNothingLeft() throws IOException {
      List<String> made = new ArrayList<>();
      made.add(after("cluster directory: "));
      made.add(after("work directory: "));
      for (String dir : made) {
        assertFalse(Files.exists(Path.of(dir)), dir + " is still there: " + output);
        assertTrue(processesMentioning(dir).isEmpty(), "still running: " + processesMentioning(dir));
      }
      long pid = Long.parseLong(after("sample application pid ").split(":")[0].trim());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the sample application still runs");
    }

    private String after(String label) {
      return output.lines().filter(l -> l.contains(label)).findFirst()
          .map(l -> l.substring(l.indexOf(label) + label.length()).split("  ")[0].trim())
          .orElseThrow(() -> new AssertionError("no '" + label + "' in: " + output));
    }
  }

  /** Command lines of running processes that mention {@code text} (the servers name their data directory). */
  private static List<String> processesMentioning(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        if (!proc.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmdline.contains(text)) {
            found.add(proc.getFileName() + ": " + cmdline);
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    return found;
  }
}
