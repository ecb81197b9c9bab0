package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection.setTransactionIsolation(int)} succeeded. */
public final class IsolationAdvice {

  private IsolationAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) int level,
      @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      JdbcHooks.handler().isolationSet(connection, level);
    }
  }
}
