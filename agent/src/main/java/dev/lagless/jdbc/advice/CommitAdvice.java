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
}
