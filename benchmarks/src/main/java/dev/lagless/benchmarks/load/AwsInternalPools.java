package dev.lagless.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Advanced JDBC Wrapper's internal connection pools, which its documentation recommends with
 * the read/write splitting plugins when an application switches between writer and reader often: without
 * them every switch opens (and authenticates) a new physical connection. Set up by reflection because
 * the wrapper is only on the class path of its own worker JVM. The provider accepts every host (by
 * default it pools only RDS instance endpoints, and these are plain PostgreSQL servers on 127.0.0.1).
 */
final class AwsInternalPools {

  private AwsInternalPools() {}

  static void install(int poolSize) throws ReflectiveOperationException {
    ClassLoader loader = AwsInternalPools.class.getClassLoader();
    Class<?> configurator = Class.forName("software.amazon.jdbc.HikariPoolConfigurator", true, loader);
    Class<?> mapping = Class.forName("software.amazon.jdbc.HikariPoolMapping", true, loader);
    Class<?> acceptsUrl = Class.forName("software.amazon.jdbc.AcceptsUrlFunc", true, loader);
    Object configure = Proxy.newProxyInstance(loader, new Class<?>[] {configurator}, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      HikariConfig config = new HikariConfig();
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(poolSize);
      return config;
    });
    Object acceptAll = Proxy.newProxyInstance(loader, new Class<?>[] {acceptsUrl}, (proxy, method, args) ->
        method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : Boolean.TRUE);
    Class<?> providerClass = Class.forName("software.amazon.jdbc.HikariPooledConnectionProvider", true, loader);
    Constructor<?> constructor = providerClass.getConstructor(configurator, mapping, acceptsUrl, long.class,
        long.class);
    Object provider = constructor.newInstance(configure, null, acceptAll, TimeUnit.MINUTES.toNanos(30),
        TimeUnit.MINUTES.toNanos(30));
    Class<?> driver = Class.forName("software.amazon.jdbc.Driver", true, loader);
    driver.getMethod("setCustomConnectionProvider", Class.forName("software.amazon.jdbc.ConnectionProvider", true,
        loader)).invoke(null, provider);
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "AwsInternalPools";
    }
  }
}
