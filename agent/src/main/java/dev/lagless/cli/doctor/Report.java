package dev.lagless.cli.doctor;

import java.io.PrintStream;
import java.util.List;

/** Prints findings by section as they come, and counts the problems. */
final class Report {

  private final PrintStream out;
  private int problems;

  Report(PrintStream out) {
    this.out = out;
  }

  void section(String title) {
    out.println();
    out.println(title);
  }

  void add(Finding finding) {
    out.printf("  %-8s %s%n", finding.level.shown, finding.text);
    if (finding.fix != null) {
      out.printf("  %-8s fix: %s%n", "", finding.fix);
    }
    if (finding.level == Finding.Level.PROBLEM) {
      problems++;
    }
  }

  void addAll(List<Finding> findings) {
    findings.forEach(this::add);
  }

  int problems() {
    return problems;
  }
}
