package dev.lagless.cli.doctor;

/** One line of the doctor's report: what was found and, for a problem, what to fix. */
final class Finding {

  enum Level {
    OK("ok"),
    NOTE("note"),
    PROBLEM("PROBLEM");

    final String shown;

    Level(String shown) {
      this.shown = shown;
    }
  }

  final Level level;
  final String text;
  final String fix;

  private Finding(Level level, String text, String fix) {
    this.level = level;
    this.text = text;
    this.fix = fix;
  }

  static Finding ok(String text) {
    return new Finding(Level.OK, text, null);
  }

  static Finding note(String text) {
    return new Finding(Level.NOTE, text, null);
  }

  static Finding problem(String text, String fix) {
    return new Finding(Level.PROBLEM, text, fix);
  }
}
