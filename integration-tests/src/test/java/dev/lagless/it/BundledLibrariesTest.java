package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.bootstrap.AgentClassLoader;
import dev.lagless.cluster.LocalCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relocated libraries inside the agent jar still work when loaded by the isolated agent class
 * loader: HikariCP pools pgjdbc connections to the real primary, Lettuce talks to the real Redis.
 */
class BundledLibrariesTest {

  private static final String SHADED = "dev.lagless.shaded.";
  private static AgentClassLoader loader;

  @BeforeAll
  static void open() throws Exception {
    loader = new AgentClassLoader(ForkedJvm.agentJar().toFile());
  }

  @AfterAll
  static void close() {
    loader = null;
  }

  @Test
  void relocatedHikariPoolsRelocatedPgjdbcConnectionsToTheCluster() throws Exception {
    LocalCluster cluster = SharedCluster.get();
    Class<?> configType = loader.loadClass(SHADED + "com.zaxxer.hikari.HikariConfig");
    Object config = configType.getConstructor().newInstance();
    configType.getMethod("setJdbcUrl", String.class).invoke(config, SharedCluster.primaryUrl());
    configType.getMethod("setUsername", String.class).invoke(config, cluster.appUser());
    configType.getMethod("setPassword", String.class).invoke(config, cluster.appPassword());
    configType.getMethod("setDriverClassName", String.class).invoke(config, SHADED + "org.postgresql.Driver");
    configType.getMethod("setMaximumPoolSize", int.class).invoke(config, 1);
    Class<?> poolType = loader.loadClass(SHADED + "com.zaxxer.hikari.HikariDataSource");
    Object pool = poolType.getConstructor(configType).newInstance(config);
    try (Connection c = ((DataSource) pool).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      assertTrue(rs.next());
      assertEquals(cluster.appUser(), rs.getString(1));
      assertSame(loader, c.unwrap(Connection.class).getClass().getClassLoader(), "the connection is the agent's");
    } finally {
      ((AutoCloseable) pool).close();
    }
  }

  @Test
  void relocatedLettuceTalksToTheClusterRedis() throws Exception {
    LocalCluster cluster = SharedCluster.get();
    Class<?> clientType = loader.loadClass(SHADED + "io.lettuce.core.RedisClient");
    Object client = clientType.getMethod("create", String.class).invoke(null, cluster.redis().uri());
    try {
      Object connection = clientType.getMethod("connect").invoke(client);
      Object commands = loader.loadClass(SHADED + "io.lettuce.core.api.StatefulRedisConnection")
          .getMethod("sync").invoke(connection);
      Object pong = loader.loadClass(SHADED + "io.lettuce.core.api.sync.BaseRedisCommands")
          .getMethod("ping").invoke(commands);
      assertEquals("PONG", pong);
      ((AutoCloseable) connection).close();
    } finally {
      clientType.getMethod("shutdown").invoke(client);
    }
  }

  @Test
  void byteBuddyAndTheOpenTelemetryApiLoadInTheAgentLoaderAndNowhereElse() throws Exception {
    Class<?> version = loader.loadClass(SHADED + "net.bytebuddy.ClassFileVersion");
    Object running = version.getMethod("ofThisVm").invoke(null);
    assertEquals(Runtime.version().feature(), (int) version.getMethod("getJavaVersion").invoke(running));
    Class<?> otel = loader.loadClass("io.opentelemetry.api.GlobalOpenTelemetry");
    assertSame(loader, otel.getClassLoader());
    // This test JVM has an OpenTelemetry API of its own (for the application with its own SDK): a
    // different class, the agent's copy is never the one an application loader finds.
    assertNotSame(otel, Class.forName("io.opentelemetry.api.GlobalOpenTelemetry"));
    Class<?> sdk = loader.loadClass(SHADED + "io.opentelemetry.sdk.OpenTelemetrySdk");
    assertSame(loader, sdk.getClassLoader(), "the SDK is bundled, relocated");
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.opentelemetry.sdk.OpenTelemetrySdk"),
        "under its own name only the application's SDK exists");
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.junit.jupiter.api.Test"),
        "the agent loader sees nothing of the application");
  }
}
