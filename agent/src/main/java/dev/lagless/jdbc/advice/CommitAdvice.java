package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection.commit()}. */
public final class CommitAdvice {

  private CommitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Connection connection) {
    JdbcHooks.handler().endingTransaction(connection, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Thrown Throwable thrown) {
    JdbcHooks.handler().transactionFinished(connection, true, thrown);
  }
}
