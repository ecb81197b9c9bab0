package dev.lagless.routing;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a function that is not a known built-in may write: asked once of the primary's catalog
 * ({@code pg_proc.provolatile}; VOLATILE may write, STABLE and IMMUTABLE cannot) and cached. A name
 * without a schema is looked up in the schemas of the search path; any VOLATILE overload, or no
 * function found, or a failed lookup counts as writing (the primary is the safe side; a failed lookup
 * is not cached, so it is asked again later).
 */
public final class FunctionCatalog {

  public static final String QUERY = "SELECT coalesce(bool_or(p.provolatile = 'v'), true) FROM pg_catalog.pg_proc p"
      + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = ?"
      + " AND (n.nspname = ? OR (? IS NULL AND n.nspname = ANY (current_schemas(true))))";
  private static final int MAX_ENTRIES = 10_000;

  private final ConcurrentHashMap<String, Boolean> writes = new ConcurrentHashMap<>();
  private final OwnPrimaryConnection primary;

  public FunctionCatalog(NodeConnector connector) {
    this.primary = new OwnPrimaryConnection(connector);
  }

  /** True when any of the functions may write (or cannot be checked). */
  public boolean anyMayWrite(List<String> functions) {
    for (String function : functions) {
      Boolean known = writes.get(function);
      if (known == null) {
        known = lookUp(function);
      }
      if (known) {
        return true;
      }
    }
    return false;
  }

  private synchronized Boolean lookUp(String function) {
    Boolean known = writes.get(function);
    if (known != null) {
      return known;
    }
    int dot = function.lastIndexOf('.');
    String schema = dot < 0 ? null : function.substring(0, dot);
    String name = dot < 0 ? function : function.substring(dot + 1);
    try {
      try (PreparedStatement statement = primary.get().prepareStatement(QUERY)) {
        statement.setString(1, name);
        statement.setString(2, schema);
        statement.setString(3, schema);
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          boolean mayWrite = rs.getBoolean(1);
          if (writes.size() >= MAX_ENTRIES) {
            writes.clear();
          }
          writes.put(function, mayWrite);
          return mayWrite;
        }
      }
    } catch (SQLException | RuntimeException e) {
      primary.discard();
      return Boolean.TRUE;
    }
  }
}
