package dev.lagless.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parameter setter calls an application made on a prepared statement, newest per index, so the
 * same values can be set on a replica's prepared statement through the public JDBC interface (which
 * keeps every driver conversion exactly as the application asked for it).
 */
final class RecordedParameters {

  private static final ConcurrentHashMap<String, Method> METHODS = new ConcurrentHashMap<>();

  private String[] methods = new String[8];
  private Object[][] arguments = new Object[8][];
  /** Streams and readers can be read once only: such a statement stays on the primary. */
  private boolean unrepeatable;

  synchronized void record(String method, Object[] args) {
    if (args.length == 0 || !(args[0] instanceof Integer)) {
      return;
    }
    int index = (Integer) args[0];
    if (index < 1) {
      return;
    }
    if (index >= methods.length) {
      int size = Math.max(index + 1, methods.length * 2);
      methods = Arrays.copyOf(methods, size);
      arguments = Arrays.copyOf(arguments, size);
    }
    methods[index] = method;
    arguments[index] = args;
    try {
      resolve(method);
    } catch (SQLException e) {
      unrepeatable = true; // a driver-specific setter: not replayable through the JDBC interface
    }
    for (Object arg : args) {
      if (arg instanceof InputStream || arg instanceof Reader) {
        unrepeatable = true;
      }
    }
  }

  /** A snapshot, for replaying a setting later whatever the application sets on the statement next. */
  synchronized RecordedParameters copy() {
    RecordedParameters copy = new RecordedParameters();
    copy.methods = methods.clone();
    copy.arguments = arguments.clone();
    copy.unrepeatable = unrepeatable;
    return copy;
  }

  synchronized void clear() {
    Arrays.fill(methods, null);
    Arrays.fill(arguments, null);
    unrepeatable = false;
  }

  synchronized boolean repeatable() {
    return !unrepeatable;
  }

  /** Sets the recorded values on {@code target}. */
  synchronized void applyTo(PreparedStatement target) throws SQLException {
    for (int i = 1; i < methods.length; i++) {
      if (methods[i] == null) {
        continue;
      }
      if (setDirectly(target, methods[i], arguments[i])) {
        continue;
      }
      Method method = resolve(methods[i]);
      try {
        method.invoke(target, arguments[i]);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException) {
          throw (SQLException) cause;
        }
        throw new SQLException("could not set parameter " + i + " on the replica", cause);
      } catch (IllegalAccessException e) {
        throw new SQLException("could not set parameter " + i + " on the replica", e);
      }
    }
  }

  /**
   * The setters applications use most, called directly: reflection costs a caller check and an
   * argument array per call, on every replica read. False for any other setter (reflection does it).
   */
  private static boolean setDirectly(PreparedStatement target, String method, Object[] args) throws SQLException {
    int index = (Integer) args[0];
    switch (method) {
      case "setInt(II)V":
        target.setInt(index, (Integer) args[1]);
        return true;
      case "setLong(IJ)V":
        target.setLong(index, (Long) args[1]);
        return true;
      case "setString(ILjava/lang/String;)V":
        target.setString(index, (String) args[1]);
        return true;
      case "setObject(ILjava/lang/Object;)V":
        target.setObject(index, args[1]);
        return true;
      case "setBoolean(IZ)V":
        target.setBoolean(index, (Boolean) args[1]);
        return true;
      case "setNull(II)V":
        target.setNull(index, (Integer) args[1]);
        return true;
      case "setTimestamp(ILjava/sql/Timestamp;)V":
        target.setTimestamp(index, (java.sql.Timestamp) args[1]);
        return true;
      case "setBigDecimal(ILjava/math/BigDecimal;)V":
        target.setBigDecimal(index, (java.math.BigDecimal) args[1]);
        return true;
      default:
        return false;
    }
  }

  /** The {@code PreparedStatement} method with this name and descriptor (as {@code #m#d} gives it). */
  private static Method resolve(String key) throws SQLException {
    Method method = METHODS.get(key);
    if (method == null) {
      for (Method candidate : PreparedStatement.class.getMethods()) {
        if (key.equals(candidate.getName() + descriptor(candidate))) {
          method = candidate;
          METHODS.put(key, method);
          break;
        }
      }
    }
    if (method == null) {
      throw new SQLException("not a PreparedStatement setter: " + key);
    }
    return method;
  }

  static String descriptor(Method method) {
    StringBuilder d = new StringBuilder("(");
    for (Class<?> type : method.getParameterTypes()) {
      d.append(typeDescriptor(type));
    }
    return d.append(')').append(typeDescriptor(method.getReturnType())).toString();
  }

  private static String typeDescriptor(Class<?> type) {
    if (type.isArray()) {
      return type.getName().replace('.', '/');
    }
    if (type.isPrimitive()) {
      switch (type.getName()) {
        case "int": return "I";
        case "long": return "J";
        case "boolean": return "Z";
        case "byte": return "B";
        case "short": return "S";
        case "char": return "C";
        case "float": return "F";
        case "double": return "D";
        default: return "V";
      }
    }
    return "L" + type.getName().replace('.', '/') + ";";
  }
}
