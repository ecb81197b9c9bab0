package dev.lagless.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The {@code redis-server} program: the system's (PATH, {@code /usr/bin}) or the one shipped in
 * {@code com.github.codemonstur:embedded-redis}. {@code localcluster.redis} /
 * {@code LOCALCLUSTER_REDIS} forces {@code system} or {@code embedded}.
 */
public final class RedisBinary {

  private static final String EMBEDDED_RESOURCE = "redis-server-6.2.6-v5-linux-amd64";

  private final Path program;
  private final String origin;

  private RedisBinary(Path program, String origin) {
    this.program = program;
    this.origin = origin;
  }

  public static RedisBinary locate() throws IOException {
    String choice = Choice.of("localcluster.redis", "LOCALCLUSTER_REDIS");
    if (!choice.equals("embedded")) {
      Path system = Os.onPath("redis-server");
      if (system == null && Files.isExecutable(Paths.get("/usr/bin/redis-server"))) {
        system = Paths.get("/usr/bin/redis-server");
      }
      if (system != null) {
        return new RedisBinary(system, "system " + system);
      }
      if (choice.equals("system")) {
        throw new IOException("no redis-server on this system: apt-get install redis-server");
      }
    }
    return embedded().orElseThrow(() -> new IOException(
        "no redis-server: apt-get install redis-server, or let Maven fetch com.github.codemonstur:embedded-redis"));
  }

  static Optional<RedisBinary> embedded() throws IOException {
    Optional<MavenShipped.Shipped> shipped =
        MavenShipped.find(EMBEDDED_RESOURCE, "com/github/codemonstur", "embedded-redis");
    if (shipped.isEmpty()) {
      return Optional.empty();
    }
    Path target = Paths.get(System.getProperty("java.io.tmpdir"),
        "lagless-redis-" + Integer.toHexString(shipped.get().location.hashCode()), "redis-server");
    if (!Files.isExecutable(target)) {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempFile(target.getParent(), "redis-server", ".part");
      try (InputStream in = shipped.get().open()) {
        Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(target.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return Optional.of(new RedisBinary(target, "embedded " + shipped.get().location));
  }

  public Path program() {
    return program;
  }

  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return origin;
  }
}
