package dev.lagless.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Settings of pgjdbc's own statement API ({@code PGStatement}) that change what a result looks like:
 * {@code setPrepareThreshold(n)} decides when the driver prepares the statement on the server and
 * receives values in binary ({@code -1}: binary from the first execution, so {@code getBytes} of an
 * {@code int8} is its eight bytes, not its text; the driver keeps that as a flag of its own, read through its
 * protected getter). Copied from the application's statement to the replica
 * statement through the statements' own classes (the application's driver), never a driver type of ours.
 */
final class StatementSettings {

  private static final ClassValue<MethodHandle> GET_THRESHOLD = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      return find(type, "getPrepareThreshold", MethodType.methodType(int.class));
    }
  };

  private static final ClassValue<MethodHandle> SET_THRESHOLD = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      return find(type, "setPrepareThreshold", MethodType.methodType(void.class, int.class));
    }
  };

  private static final ClassValue<MethodHandle> GET_FORCE_BINARY = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      return find(type, "getForceBinaryTransfer", MethodType.methodType(boolean.class));
    }
  };

  private StatementSettings() {}

  static void copyPrepareThreshold(Statement from, Statement to) throws SQLException {
    Statement target = to.unwrap(Statement.class); // the driver's statement under the pool's proxy
    MethodHandle get = GET_THRESHOLD.get(from.getClass());
    MethodHandle getTarget = GET_THRESHOLD.get(target.getClass());
    MethodHandle set = SET_THRESHOLD.get(target.getClass());
    if (get == null || getTarget == null || set == null) {
      return;
    }
    try {
      MethodHandle force = GET_FORCE_BINARY.get(from.getClass());
      MethodHandle forceTarget = GET_FORCE_BINARY.get(target.getClass());
      if (force != null && forceTarget != null && (boolean) force.invokeExact((Object) from)
          && !(boolean) forceTarget.invokeExact((Object) target)) {
        set.invokeExact((Object) target, -1); // what the application called: binary, and a threshold of 1
      }
      int wanted = (int) get.invokeExact((Object) from);
      if (wanted != (int) getTarget.invokeExact((Object) target)) {
        set.invokeExact((Object) target, wanted);
      }
    } catch (SQLException e) {
      throw e;
    } catch (Throwable e) {
      // not pgjdbc's statement after all: the replica statement keeps the connection's default
    }
  }

  /** Through the statement's own class: {@code PgPreparedStatement} is not public, the getter is protected. */
  private static MethodHandle find(Class<?> type, String name, MethodType methodType) {
    try {
      MethodHandle handle = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVirtual(type, name,
          methodType);
      return handle.asType(handle.type().changeParameterType(0, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
