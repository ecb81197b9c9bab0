package dev.lagless.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine a run measured on: CPU model and count, memory, operating system. */
final class Machine {

  private Machine() {}

  static String describe() {
    String cpu = field(Path.of("/proc/cpuinfo"), "model name", ":");
    String memory = field(Path.of("/proc/meminfo"), "MemTotal", ":");
    String os = field(Path.of("/etc/os-release"), "PRETTY_NAME", "=").replace("\"", "");
    StringBuilder line = new StringBuilder();
    line.append(Runtime.getRuntime().availableProcessors()).append(" cores");
    if (!cpu.isEmpty()) {
      line.append(" (").append(cpu).append(')');
    }
    if (memory.endsWith("kB")) {
      long kb = Long.parseLong(memory.replace("kB", "").trim());
      line.append(String.format(Locale.ROOT, ", %.0f GiB", kb / 1024.0 / 1024.0));
    }
    line.append(", ").append(os.isEmpty() ? System.getProperty("os.name") : os);
    return line.toString();
  }

  private static String field(Path file, String name, String separator) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return line.substring(line.indexOf(separator) + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: the line says less
    }
    return "";
  }
}
