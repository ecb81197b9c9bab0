package dev.lagless.cluster.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Processes seen through {@code /proc}. The stack's servers are not all children of this JVM (Patroni
 * detaches the postmaster it starts), so they are found and checked by pid and command line: every
 * one of them names a path under its cluster's directory on its command line, which no process of
 * anyone else does, so that is also what makes a pid from a pid file safe to kill (pids are reused).
 */
final class Procs {

  private Procs() {}

  /** The command line, arguments joined by spaces; empty when the process is gone (or a zombie). */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** Alive and not a zombie: a killed process whose parent has not reaped it yet is as good as gone. */
  static boolean isAlive(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the state follows the last ')', as comm may itself hold parentheses.
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code pid} is alive and its command line mentions {@code text}. */
  static boolean isAliveMentioning(long pid, String text) {
    return isAlive(pid) && commandLine(pid).contains(text);
  }

  /** Every live process but this one whose command line mentions {@code text} (a cluster's directory). */
  static List<Long> mentioning(String text) {
    long self = ProcessHandle.current().pid();
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Paths.get("/proc"))) {
      for (Path entry : entries.collect(Collectors.toList())) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid != self && isAliveMentioning(pid, text)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to find
    }
    return found;
  }

  /** The pid in the first line of a pid file (postmaster.pid, etcd.pid…), or -1. */
  static long readPidFile(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** SIGKILL to each live pid. */
  static void kill(Collection<Long> pids) {
    for (long pid : pids) {
      if (isAlive(pid)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Waits until every pid is gone; false when one is still alive at the deadline. */
  static boolean awaitGone(Collection<Long> pids, Duration timeout) {
    try {
      Poll.until(timeout, "pids " + pids + " to exit", () -> {
        List<Long> alive = pids.stream().filter(Procs::isAlive).collect(Collectors.toList());
        return alive.isEmpty() ? Poll.Outcome.done(Boolean.TRUE) : Poll.Outcome.notYet("alive: " + alive);
      });
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The live descendants of {@code pid} (a postmaster's backends), to wait for after killing it. */
  static List<Long> descendants(long pid) {
    return ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).collect(Collectors.toList()))
        .orElse(List.of());
  }
}
