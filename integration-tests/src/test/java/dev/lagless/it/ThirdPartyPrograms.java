package dev.lagless.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The class paths of the third-party programs that {@code integration-tests/programs/*} resolve from
 * Maven Central, each on its own: none of their jars reaches the other test applications.
 */
final class ThirdPartyPrograms {

  private ThirdPartyPrograms() {}

  /** {@code programs/NAME/target/classes} (the program's own small driver, if it has one), then its libraries. */
  static String classpath(String name) {
    Path module = Paths.get(System.getProperty("lagless.it.programs", "programs")).resolve(name).toAbsolutePath();
    Path written = module.resolve("target").resolve("program.classpath");
    if (!Files.isRegularFile(written)) {
      throw new IllegalStateException(written + " is missing: run the tests through Maven (mvn -pl integration-tests"
          + " -am verify builds it)");
    }
    try {
      String libraries = Files.readString(written).trim();
      Path classes = module.resolve("target").resolve("classes");
      return Files.isDirectory(classes) ? classes + java.io.File.pathSeparator + libraries : libraries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
