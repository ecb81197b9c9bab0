package dev.lagless.jdbc.advice;

import dev.lagless.bootstrap.JdbcHooks;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** The parameter setters of {@code PgPreparedStatement} ({@code setInt(1, …)} and the rest). */
public final class ParameterAdvice {

  private ParameterAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Statement statement, @Advice.Origin("#m#d") String method,
      @Advice.AllArguments Object[] arguments, @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      JdbcHooks.handler().parameterSet(statement, method, arguments);
    }
  }
}
