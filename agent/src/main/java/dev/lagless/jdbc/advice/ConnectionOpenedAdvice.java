package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection(HostSpec[], Properties, String)}: a connection is open. */
public final class ConnectionOpenedAdvice {

  private ConnectionOpenedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(1) Properties info,
      @Advice.Argument(2) String url) {
    JdbcHooks.handler().connectionOpened(connection, url, info);
  }
}
