package dev.lagless.jdbc;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Describes the types that another agent defines at run time in the bootstrap loader, which have no
 * class file anywhere: the OpenTelemetry Java agent, attached before Lagless, makes pgjdbc's classes
 * implement its {@code VirtualFieldAccessor$…} interfaces. Weaving needs the instrumented class's
 * interfaces described; these are described from their loaded classes (already defined, so loading
 * them here cannot recurse into the class being woven). Every other type is read from class files.
 */
final class RuntimeDefinedTypes extends TypePool.AbstractBase {

  private static final String OTEL_BOOTSTRAP = String.join(".", "io", "opentelemetry", "javaagent", "bootstrap") + ".";

  private RuntimeDefinedTypes() {
    super(TypePool.CacheProvider.Simple.withObjectType());
  }

  @Override
  protected Resolution doDescribe(String name) {
    if (!name.startsWith(OTEL_BOOTSTRAP)) {
      return new Resolution.Illegal(name);
    }
    try {
      return new Resolution.Simple(TypeDescription.ForLoadedType.of(Class.forName(name, false, null)));
    } catch (ClassNotFoundException | LinkageError e) {
      return new Resolution.Illegal(name);
    }
  }

  /** Byte Buddy's lazy pool over class files, asking this pool first. */
  static AgentBuilder.PoolStrategy poolStrategy() {
    return new AgentBuilder.PoolStrategy() {
      @Override
      public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
        return new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(), locator,
            TypePool.Default.ReaderMode.FAST, new RuntimeDefinedTypes());
      }

      @Override
      public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
        return typePool(locator, loader);
      }
    };
  }
}
