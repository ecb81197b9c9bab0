package dev.lagless.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;

/**
 * An application that brings its own HikariCP and Netty, of other versions than the agent bundles.
 * It prints which copies it got; with the agent attached it must get exactly the same ones and see no
 * class of the agent's. Arguments: JDBC URL, user, password.
 */
public final class OwnLibrariesApp {

  public static void main(String[] args) throws Exception {
    ClassLoader loader = OwnLibrariesApp.class.getClassLoader();
    System.out.println("hikari from " + jarName(HikariDataSource.class));
    System.out.println("netty " + io.netty.util.Version.identify().get("netty-common").artifactVersion());
    for (String resource : List.of("com/zaxxer/hikari/HikariDataSource.class", "io/netty/util/Version.class",
        "io/lettuce/core/RedisClient.class", "net/bytebuddy/ByteBuddy.class", "org/postgresql/Driver.class",
        "io/opentelemetry/api/OpenTelemetry.class")) {
      List<URL> copies = Collections.list(loader.getResources(resource));
      System.out.println(resource + " copies=" + copies.size());
    }
    for (String name : List.of("dev.lagless.shaded.com.zaxxer.hikari.HikariDataSource",
        "dev.lagless.shaded.io.netty.util.Version", "dev.lagless.config.LaglessConfig", "io.lettuce.core.RedisClient")) {
      try {
        Class.forName(name, false, loader);
        System.out.println(name + " visible");
      } catch (ClassNotFoundException expected) {
        System.out.println(name + " not visible");
      }
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
      rs.next();
      System.out.println("pool answer " + rs.getInt(1));
    }
  }

  private static String jarName(Class<?> type) {
    String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
