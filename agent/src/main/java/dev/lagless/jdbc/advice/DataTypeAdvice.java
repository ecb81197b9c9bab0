package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code PgConnection.addDataType(String, …)} succeeded. */
public final class DataTypeAdvice {

  private DataTypeAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      JdbcHooks.handler().dataTypeAdded(connection);
    }
  }
}
