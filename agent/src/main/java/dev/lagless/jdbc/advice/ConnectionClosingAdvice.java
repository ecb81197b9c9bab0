package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection.close()} and {@code abort(Executor)}. */
public final class ConnectionClosingAdvice {

  private ConnectionClosingAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Connection connection) {
    JdbcHooks.handler().connectionClosing(connection);
  }
}
