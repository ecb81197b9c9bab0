package dev.lagless.cluster.ha;

import dev.lagless.cluster.Os;
import dev.lagless.cluster.PostgresBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs of the stack, all from the system: unlike PostgreSQL and Redis, Maven Central ships no
 * etcd, Patroni or HAProxy. Patroni also needs PostgreSQL's replication tools (pg_basebackup to make
 * a replica, pg_rewind to rejoin an old leader), which the embedded PostgreSQL binaries lack.
 */
final class HaBinaries {

  /** What a Debian machine installs to run the stack. */
  static final String DEBIAN_PACKAGES = "etcd-server patroni haproxy postgresql-15 util-linux";

  final Path etcd;
  final Path patroni;
  final Path haproxy;
  final Path pgBin;

  private HaBinaries(Path etcd, Path patroni, Path haproxy, Path pgBin) {
    this.etcd = etcd;
    this.patroni = patroni;
    this.haproxy = haproxy;
    this.pgBin = pgBin;
  }

  static HaBinaries locate() throws IOException {
    List<String> missing = new ArrayList<>();
    Path etcd = find("etcd", "/usr/bin/etcd", missing);
    Path patroni = find("patroni", "/usr/bin/patroni", missing);
    Path haproxy = find("haproxy", "/usr/sbin/haproxy", missing);
    Path pgBin = null;
    try {
      pgBin = PostgresBinaries.locate().postgres().getParent();
      for (String tool : List.of("pg_ctl", "pg_basebackup", "pg_rewind", "pg_controldata")) {
        if (!Files.isExecutable(pgBin.resolve(tool))) {
          missing.add(tool + " (in " + pgBin + ")");
        }
      }
    } catch (IOException e) {
      missing.add("PostgreSQL server binaries");
    }
    if (!missing.isEmpty()) {
      throw new IOException("the high-availability stack needs " + String.join(", ", missing)
          + ": on Debian, apt-get install " + DEBIAN_PACKAGES);
    }
    return new HaBinaries(etcd, patroni, haproxy, pgBin);
  }

  private static Path find(String program, String usual, List<String> missing) {
    Path path = Paths.get(usual);
    if (Files.isExecutable(path)) {
      return path;
    }
    Path onPath = Os.onPath(program);
    if (onPath == null) {
      missing.add(program);
    }
    return onPath;
  }
}
