package dev.lagless.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The isolated class loader that holds everything of Lagless except the bootstrap classes: the agent
 * proper and its bundled libraries (Byte Buddy, pgjdbc, HikariCP, Lettuce with Netty and Reactor,
 * OpenTelemetry).
 *
 * <p>They are stored in the agent jar under {@value #PREFIX} with the suffix {@value #CLASS_SUFFIX}
 * instead of {@code .class}. The agent jar is on the application's class path (the JVM puts every
 * {@code -javaagent} jar there) and on the bootstrap search path, yet no application class loader can
 * find a bundled class in it: none of them looks under {@code inst/} or for {@code .classdata}. Only
 * this loader does. Its parent is the platform loader, so it sees the JDK (including {@code java.sql})
 * and the bootstrap classes of Lagless, and nothing of the application.
 *
 * <p>There are no multi-release entries under {@code inst/}: the build drops them, because the shade
 * plugin does not relocate them (see agent/pom.xml).
 */
public final class AgentClassLoader extends ClassLoader {

  public static final String PREFIX = "inst/";
  public static final String CLASS_SUFFIX = ".classdata";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public AgentClassLoader(File agentJar) throws IOException {
    super("lagless", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(agentJar, false);
    URL url = agentJar.toURI().toURL();
    this.jarUrl = url.toExternalForm();
    this.protectionDomain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = find(name.replace('.', '/') + CLASS_SUFFIX);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = find(storedName(name));
    return entry == null ? null : urlOf(entry);
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
  }

  /** Class files are stored as {@code .classdata}; tools such as Byte Buddy read them as resources. */
  private static String storedName(String resourceName) {
    return resourceName.endsWith(".class")
        ? resourceName.substring(0, resourceName.length() - ".class".length()) + CLASS_SUFFIX
        : resourceName;
  }

  private JarEntry find(String path) {
    return jar.getJarEntry(PREFIX + path);
  }

  private URL urlOf(JarEntry entry) {
    try {
      return new URL("jar:" + jarUrl + "!/" + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String packageName = className.substring(0, dot);
    if (getDefinedPackage(packageName) != null) {
      return;
    }
    try {
      definePackage(packageName, null, null, null, null, null, null, null);
    } catch (IllegalArgumentException concurrentlyDefined) {
      // Another thread defined it first: that is fine.
    }
  }
}
