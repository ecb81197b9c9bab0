package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Signals to the servers a test started: hanging one (STOP) and letting it go on (CONT). */
final class Signals {

  private Signals() {}

  /** Sends {@code signal} to a server process and all its children (backends, WAL receiver, …). */
  static void send(long pid, String signal) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(pid)));
    ProcessHandle.of(pid).orElseThrow().descendants().forEach(child -> command.add(String.valueOf(child.pid())));
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(kill.getInputStream().readAllBytes());
    assertEquals(0, kill.waitFor(), "kill -" + signal + ": " + out);
  }
}
