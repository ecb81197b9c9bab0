package dev.lagless.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which release of the binaries Maven Central ships is each PostgreSQL major's: the parent pom pins one
 * per supported major ({@code postgresNN.binaries.version}), filtered into {@code postgres-binaries.properties}.
 */
final class ShippedReleases {

  private static final Properties RELEASES = load();

  private ShippedReleases() {}

  /** The pinned release of this major, e.g. "13.23.0", or null when the cluster does not run it. */
  static String release(int major) {
    return RELEASES.getProperty(Integer.toString(major));
  }

  /** Every major with a pinned release, in order. */
  static Set<Integer> majors() {
    Set<Integer> majors = new TreeSet<>();
    for (String key : RELEASES.stringPropertyNames()) {
      if (key.matches("\\d+")) {
        majors.add(Integer.parseInt(key));
      }
    }
    return majors;
  }

  /** The major a cluster runs when none is asked for and the system has none. */
  static int defaultMajor() {
    return Integer.parseInt(RELEASES.getProperty("default", "15"));
  }

  private static Properties load() {
    Properties releases = new Properties();
    try (InputStream in = ShippedReleases.class.getResourceAsStream("postgres-binaries.properties")) {
      if (in != null) {
        releases.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return releases;
  }
}
