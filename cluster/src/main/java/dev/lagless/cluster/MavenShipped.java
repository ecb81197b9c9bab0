package dev.lagless.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Finds a file shipped inside a Maven Central artifact: on the class path first (tests declare the
 * artifact), else in the local Maven repository (the build fetched it), newest version first.
 */
final class MavenShipped {

  private MavenShipped() {}

  /** Opens the resource; the caller closes the stream. Empty when neither place has it. */
  static Optional<Shipped> find(String resource, String groupPath, String artifactId) throws IOException {
    Optional<Shipped> onClassPath = onClassPath(resource);
    return onClassPath.isPresent() ? onClassPath : inLocalRepository(resource, groupPath, artifactId, version -> true);
  }

  static Optional<Shipped> onClassPath(String resource) {
    URL onClassPath = MavenShipped.class.getClassLoader().getResource(resource);
    if (onClassPath == null && Thread.currentThread().getContextClassLoader() != null) {
      onClassPath = Thread.currentThread().getContextClassLoader().getResource(resource);
    }
    return onClassPath == null ? Optional.empty()
        : Optional.of(new Shipped(onClassPath.toExternalForm(), onClassPath::openStream));
  }

  /** The newest version in the local Maven repository that {@code wanted} accepts and that holds the resource. */
  static Optional<Shipped> inLocalRepository(String resource, String groupPath, String artifactId,
      Predicate<String> wanted) throws IOException {
    Path artifactDir = localRepository().resolve(groupPath).resolve(artifactId);
    if (!Files.isDirectory(artifactDir)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(artifactDir)) {
      Optional<Path> jar = versions
          .filter(Files::isDirectory)
          .filter(dir -> wanted.test(dir.getFileName().toString()))
          .sorted(Comparator.comparing(MavenShipped::versionKey).reversed())
          .map(dir -> dir.resolve(artifactId + "-" + dir.getFileName() + ".jar"))
          .filter(Files::isRegularFile)
          .filter(path -> contains(path, resource))
          .findFirst();
      return jar.map(path -> new Shipped(path + "!/" + resource, () -> openInJar(path, resource)));
    }
  }

  static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    return configured != null ? Paths.get(configured) : Paths.get(System.getProperty("user.home"), ".m2", "repository");
  }

  private static boolean contains(Path jar, String resource) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(resource) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static InputStream openInJar(Path jar, String resource) throws IOException {
    JarFile file = new JarFile(jar.toFile());
    ZipEntry entry = file.getEntry(resource);
    InputStream in = file.getInputStream(entry);
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        file.close();
      }
    };
  }

  /** "15.19.0" sorts after "15.9.0". */
  private static String versionKey(Path dir) {
    StringBuilder key = new StringBuilder();
    for (String part : dir.getFileName().toString().split("[.-]")) {
      key.append(part.matches("\\d+") ? String.format("%08d", Long.parseLong(part)) : part).append('.');
    }
    return key.toString();
  }

  /** Where the file was found, and how to read it. */
  static final class Shipped {
    final String location;
    final Opener opener;

    Shipped(String location, Opener opener) {
      this.location = location;
      this.opener = opener;
    }

    InputStream open() throws IOException {
      return opener.open();
    }
  }

  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }
}
