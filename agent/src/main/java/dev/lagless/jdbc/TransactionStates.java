package dev.lagless.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;

/**
 * The driver's own transaction state ({@code PgConnection.getTransactionState()}: IDLE, OPEN or
 * FAILED), the authority on whether a transaction is open, whatever SQL text started it. Looked up once
 * per connection class; if it cannot be read, the answer is "open", which keeps statements on the
 * primary.
 */
final class TransactionStates {

  private static final ClassValue<MethodHandle> GETTERS = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      try {
        Class<?> state = Class.forName(PgjdbcNames.TRANSACTION_STATE, false, type.getClassLoader());
        return MethodHandles.publicLookup()
            .findVirtual(type, "getTransactionState", MethodType.methodType(state))
            .asType(MethodType.methodType(Object.class, Connection.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private TransactionStates() {}

  /** True when no transaction is open on the connection. */
  static boolean idle(Connection connection) {
    MethodHandle getter = GETTERS.get(connection.getClass());
    if (getter == null) {
      return false;
    }
    try {
      Object state = getter.invokeExact(connection);
      return state instanceof Enum && ((Enum<?>) state).name().equals("IDLE");
    } catch (Throwable e) {
      return false;
    }
  }
}
