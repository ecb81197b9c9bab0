package dev.lagless.config;

/** Thrown by the value parsers; carries what is allowed, so the error line can say it. */
final class InvalidSettingException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidSettingException(String allowed) {
    super(allowed, null, false, false);
  }

  String allowed() {
    return getMessage();
  }
}
