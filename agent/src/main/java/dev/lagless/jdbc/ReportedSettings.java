package dev.lagless.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.util.List;

/**
 * The settings a PostgreSQL server reports to the driver whenever they change ({@code GUC_REPORT}), as
 * {@code PgConnection.getParameterStatus(name)} knows them, that a session may change and that change
 * answers: an application's name ({@code application_name} shows in {@code pg_stat_activity} and
 * {@code current_setting}), its time zone and date and interval styles (the text of every date, time
 * and interval), and {@code search_path} (reported from PostgreSQL 18 on). Read through the connection's
 * own class (the application's driver), never through a driver type of ours.
 */
final class ReportedSettings {

  static final List<String> NAMES = List.of("application_name", "TimeZone", "DateStyle", "IntervalStyle",
      "search_path");

  private static final ClassValue<MethodHandle> GETTERS = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      try {
        return MethodHandles.publicLookup()
            .findVirtual(type, "getParameterStatus", MethodType.methodType(String.class, String.class))
            .asType(MethodType.methodType(String.class, Connection.class, String.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private ReportedSettings() {}

  /** The value the server last reported on this connection, or null when unknown. */
  static String value(Connection connection, String name) {
    MethodHandle getter = GETTERS.get(connection.getClass());
    if (getter == null) {
      return null;
    }
    try {
      return (String) getter.invokeExact(connection, name);
    } catch (Throwable e) {
      return null;
    }
  }
}
