package dev.lagless.config;

import java.util.Locale;
import java.util.Objects;

/** A network endpoint, {@code host:port} or {@code [ipv6]:port}. Host names are compared case-insensitively. */
public final class HostPort {

  public static final int POSTGRES_DEFAULT_PORT = 5432;

  private final String host;
  private final int port;

  public HostPort(String host, int port) {
    this.host = host.toLowerCase(Locale.ROOT);
    this.port = port;
  }

  /** Parses {@code host}, {@code host:port}, {@code [::1]} or {@code [::1]:port}. */
  static HostPort parse(String text, int defaultPort) throws InvalidSettingException {
    String allowed = "expected host:port (for example db-replica-1:5432 or [::1]:5433)";
    String host;
    String portText = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 2) {
        throw new InvalidSettingException(allowed);
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new InvalidSettingException(allowed);
        }
        portText = rest.substring(1);
      }
      if (!host.matches("[0-9A-Fa-f:.%a-zA-Z]+")) {
        throw new InvalidSettingException(allowed);
      }
    } else {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
      if (!isHostName(host)) {
        throw new InvalidSettingException(allowed);
      }
    }
    int port = defaultPort;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new InvalidSettingException(allowed + "; the port must be a number from 1 to 65535");
      }
      if (port < 1 || port > 65535) {
        throw new InvalidSettingException(allowed + "; the port must be a number from 1 to 65535");
      }
    }
    return new HostPort(host, port);
  }

  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostPort && ((HostPort) o).host.equals(host) && ((HostPort) o).port == port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
