package dev.lagless.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where an application's statements go, as the application sees it: one pool for everything (the
 * application as it is; with Lagless attached, or a proxy behind the URL, or the primary alone), or a
 * writer pool and a reader pool chosen by the code (the split users write by hand).
 */
interface Target extends AutoCloseable {

  Connection writer() throws SQLException;

  Connection reader() throws SQLException;

  @Override
  void close();

  static Target single(String url, String user, String password, int poolSize) {
    HikariDataSource pool = pool("app", url, user, password, poolSize);
    return new Target() {
      @Override
      public Connection writer() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public Connection reader() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public void close() {
        pool.close();
      }
    };
  }

  static Target split(String writerUrl, String readerUrl, String user, String password, int poolSize) {
    HikariDataSource writers = pool("writer", writerUrl, user, password, poolSize);
    HikariDataSource readers = pool("reader", readerUrl, user, password, poolSize);
    return new Target() {
      @Override
      public Connection writer() throws SQLException {
        return writers.getConnection();
      }

      @Override
      public Connection reader() throws SQLException {
        return readers.getConnection();
      }

      @Override
      public void close() {
        readers.close();
        writers.close();
      }
    };
  }

  private static HikariDataSource pool(String name, String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
