package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection.setAutoCommit(boolean)}: turning it on ends the open transaction. */
public final class AutoCommitAdvice {

  private AutoCommitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Connection connection, @Advice.Argument(0) boolean autoCommit) {
    JdbcHooks.handler().settingAutoCommit(connection, autoCommit);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) boolean autoCommit,
      @Advice.Thrown Throwable thrown) {
    if (autoCommit) {
      JdbcHooks.handler().transactionFinished(connection, true, thrown);
    }
  }
}
