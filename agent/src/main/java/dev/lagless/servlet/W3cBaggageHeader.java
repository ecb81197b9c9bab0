package dev.lagless.servlet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one entry of a W3C {@code baggage} request header ({@code k1=v1;prop,k2=v2}, values
 * percent-encoded), for servlet applications that run without the OpenTelemetry Java agent. Untrusted
 * input: anything malformed is simply not found.
 */
final class W3cBaggageHeader {

  /** The W3C limit for the whole header. */
  static final int MAX_LENGTH = 8192;

  private W3cBaggageHeader() {}

  static String entry(String header, String key) {
    if (header == null || header.length() > MAX_LENGTH) {
      return null;
    }
    for (String member : header.split(",")) {
      int semicolon = member.indexOf(';');
      String pair = semicolon < 0 ? member : member.substring(0, semicolon);
      int equals = pair.indexOf('=');
      if (equals <= 0 || !pair.substring(0, equals).trim().equals(key)) {
        continue;
      }
      try {
        return URLDecoder.decode(pair.substring(equals + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
