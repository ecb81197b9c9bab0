package dev.lagless.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, over the tokens of one lexed string, what each statement does. One instance per thread,
 * reused (the lexer's buffers are its own); {@link SqlClassifier} is the public face.
 */
final class StatementAnalyzer {

  private static final int MAX_SUMMARY = 255;
  private static final Hint[] HINTS = Hint.values();

  private final SqlLexer lexer = new SqlLexer();
  private final Set<String> writeFunctions;
  private final Set<String> readFunctions;

  // Per-call state.
  private final List<SessionEffect> effects = new ArrayList<>();
  private final Set<String> functions = new LinkedHashSet<>();

  StatementAnalyzer(Set<String> writeFunctions, Set<String> readFunctions) {
    this.writeFunctions = writeFunctions;
    this.readFunctions = readFunctions;
  }

  Classification analyze(String sql) {
    effects.clear();
    functions.clear();
    SqlLexer t = lexer;
    t.lex(sql);
    Hint hint = t.leadingHint == 0 ? null : HINTS[t.leadingHint - 1];
    try {
      return decide(sql, t, hint);
    } finally {
      t.forget();
    }
  }

  private Classification decide(String sql, SqlLexer t, Hint hint) {
    if (t.malformed || !parenthesesBalance(t)) {
      return result(false, Reason.UNPARSEABLE, hint, summaryOf(t, 0, t.count), sql, countStatements(t));
    }
    int statements = 0;
    Reason combined = null;
    boolean allRead = true;
    String summary = null;
    int start = 0;
    for (int i = 0; i <= t.count; i++) {
      if (i == t.count || t.types[i] == TokenType.SEMICOLON) {
        if (i > start) {
          statements++;
          Reason reason = statement(start, i);
          if (summary == null) {
            summary = summaryOf(t, start, i);
          }
          if (reason != Reason.READ) {
            allRead = false;
            if (combined == null) {
              combined = reason;
            }
          }
        }
        start = i + 1;
      }
    }
    if (statements == 0) {
      return result(false, Reason.EMPTY, hint, "", sql, 0);
    }
    if (allRead) {
      return result(true, Reason.READ, hint, summary, sql, statements);
    }
    return result(false, statements > 1 ? Reason.MULTI_STATEMENT : combined, hint, summary, sql, statements);
  }

  private Classification result(boolean read, Reason reason, Hint hint, String summary, String sql, int statements) {
    return new Classification(read, reason, hint, summary, sql, List.copyOf(functions), List.copyOf(effects),
        statements);
  }

  /** Classifies tokens [from, to) of one statement, recording its effects and functions. */
  private Reason statement(int from, int to) {
    SqlLexer t = lexer;
    int first = from;
    while (first < to && t.types[first] == TokenType.LPAREN) {
      first++;
    }
    if (first >= to || t.types[first] != TokenType.WORD) {
      return Reason.UNKNOWN_STATEMENT;
    }
    if (t.is(first, "select") || t.is(first, "values") || t.is(first, "table")) {
      return readCandidate(from, to);
    }
    if (t.is(first, "with")) {
      int main = mainStatementOfWith(first + 1, to);
      if (main >= 0 && (t.is(main, "insert") || t.is(main, "update") || t.is(main, "delete") || t.is(main, "merge"))) {
        scanFunctions(from, to);
        return dataModifyingCteInside(first, to) ? Reason.DATA_MODIFYING_CTE : Reason.WRITE;
      }
      return readCandidate(from, to);
    }
    if (t.is(first, "show")) {
      // A custom setting (SHOW app.tenant) exists only as this session set it, and the session's SETs are
      // replayed on its replica connection; a built-in one may differ between the nodes' configurations,
      // and a standby reports some of its own (transaction_read_only, in_hot_standby).
      return first + 2 < to && t.types[first + 2] == TokenType.DOT ? Reason.READ : Reason.SERVER_STATE;
    }
    if (t.is(first, "explain")) {
      return explain(first + 1, to);
    }
    if (t.is(first, "copy")) {
      return copy(first + 1, to);
    }
    if (t.is(first, "create")) {
      return create(first + 1, to);
    }
    if (t.is(first, "drop")) {
      if (t.is(first + 1, "table")) {
        int i = first + 2;
        if (t.is(i, "if") && t.is(i + 1, "exists")) {
          i += 2;
        }
        for (; i < to; i++) {
          if (isName(t, i) && !t.is(i, "cascade") && !t.is(i, "restrict") && (i == first + 2 || !t.isType(i - 1, TokenType.DOT))) {
            effects.add(SessionEffect.of(SessionEffect.Kind.DROP_TABLE, qualifiedName(i, to)));
          }
        }
      }
      return Reason.WRITE;
    }
    if (t.is(first, "set")) {
      return set(first + 1, to);
    }
    if (t.is(first, "reset")) {
      effects.add(SessionEffect.of(SessionEffect.Kind.RESET, first + 1 < to ? qualifiedName(first + 1, to) : "all"));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "discard")) {
      String what = first + 1 < to ? t.name(first + 1) : "all";
      effects.add(SessionEffect.of(SessionEffect.Kind.DISCARD, what.equals("temporary") ? "temp" : what));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "listen")) {
      effects.add(SessionEffect.of(SessionEffect.Kind.LISTEN, first + 1 < to ? t.name(first + 1) : null));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "unlisten")) {
      effects.add(SessionEffect.of(SessionEffect.Kind.UNLISTEN,
          first + 1 < to && isName(t, first + 1) ? t.name(first + 1) : "*"));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "prepare")) {
      if (t.is(first + 1, "transaction")) {
        effects.add(SessionEffect.of(SessionEffect.Kind.TWO_PHASE, "prepare"));
        return Reason.TRANSACTION_CONTROL;
      }
      effects.add(SessionEffect.of(SessionEffect.Kind.PREPARE, first + 1 < to ? t.name(first + 1) : null));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "deallocate")) {
      int i = t.is(first + 1, "prepare") ? first + 2 : first + 1;
      effects.add(SessionEffect.of(SessionEffect.Kind.DEALLOCATE, i < to ? t.name(i) : "all"));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "execute") || t.is(first, "fetch") || t.is(first, "move")) {
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "declare")) {
      boolean withHold = false;
      for (int i = first + 1; i + 1 < to && !t.is(i, "for"); i++) {
        if (t.is(i, "with") && t.is(i + 1, "hold")) {
          withHold = true;
        }
      }
      effects.add(new SessionEffect(SessionEffect.Kind.DECLARE_CURSOR, first + 1 < to ? t.name(first + 1) : null,
          SessionEffect.Access.UNSPECIFIED, SessionEffect.Isolation.UNSPECIFIED, withHold, false));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "close")) {
      effects.add(SessionEffect.of(SessionEffect.Kind.CLOSE_CURSOR, first + 1 < to ? t.name(first + 1) : "all"));
      return Reason.SESSION_STATE;
    }
    if (t.is(first, "begin") || t.is(first, "start")) {
      int i = first + 1;
      if (t.is(i, "work") || t.is(i, "transaction")) {
        i++;
      }
      effects.add(transactionModes(SessionEffect.Kind.BEGIN, null, i, to));
      return Reason.TRANSACTION_CONTROL;
    }
    if (t.is(first, "commit") || t.is(first, "end")) {
      if (t.is(first + 1, "prepared")) {
        effects.add(SessionEffect.of(SessionEffect.Kind.TWO_PHASE, "commit"));
      } else {
        effects.add(SessionEffect.of(SessionEffect.Kind.COMMIT, null));
      }
      return Reason.TRANSACTION_CONTROL;
    }
    if (t.is(first, "rollback") || t.is(first, "abort")) {
      int i = first + 1;
      if (t.is(i, "prepared")) {
        effects.add(SessionEffect.of(SessionEffect.Kind.TWO_PHASE, "rollback"));
        return Reason.TRANSACTION_CONTROL;
      }
      if (t.is(i, "work") || t.is(i, "transaction")) {
        i++;
      }
      if (t.is(i, "to")) {
        i++;
        if (t.is(i, "savepoint")) {
          i++;
        }
        effects.add(SessionEffect.of(SessionEffect.Kind.ROLLBACK_TO_SAVEPOINT, i < to ? t.name(i) : null));
      } else {
        effects.add(SessionEffect.of(SessionEffect.Kind.ROLLBACK, null));
      }
      return Reason.TRANSACTION_CONTROL;
    }
    if (t.is(first, "savepoint")) {
      effects.add(SessionEffect.of(SessionEffect.Kind.SAVEPOINT, first + 1 < to ? t.name(first + 1) : null));
      return Reason.TRANSACTION_CONTROL;
    }
    if (t.is(first, "release")) {
      int i = t.is(first + 1, "savepoint") ? first + 2 : first + 1;
      effects.add(SessionEffect.of(SessionEffect.Kind.RELEASE_SAVEPOINT, i < to ? t.name(i) : null));
      return Reason.TRANSACTION_CONTROL;
    }
    if (isWriteKeyword(first)) {
      scanFunctions(from, to);
      return Reason.WRITE;
    }
    return Reason.UNKNOWN_STATEMENT;
  }

  private boolean isWriteKeyword(int i) {
    SqlLexer t = lexer;
    return t.is(i, "insert") || t.is(i, "update") || t.is(i, "delete") || t.is(i, "merge") || t.is(i, "truncate")
        || t.is(i, "alter") || t.is(i, "comment") || t.is(i, "grant") || t.is(i, "revoke") || t.is(i, "vacuum")
        || t.is(i, "analyze") || t.is(i, "analyse") || t.is(i, "cluster") || t.is(i, "reindex")
        || t.is(i, "refresh") || t.is(i, "lock") || t.is(i, "call") || t.is(i, "do") || t.is(i, "security")
        || t.is(i, "import") || t.is(i, "checkpoint") || t.is(i, "load") || t.is(i, "reassign")
        || t.is(i, "notify");
  }

  /** SELECT, VALUES, TABLE or WITH … SELECT: a read unless one of the read rules says otherwise. */
  private Reason readCandidate(int from, int to) {
    SqlLexer t = lexer;
    boolean dataModifyingCte = false;
    boolean selectInto = false;
    boolean locking = false;
    boolean dml = false;
    boolean nodeRelation = false;
    for (int i = from; i < to; i++) {
      if (t.types[i] != TokenType.WORD) {
        continue;
      }
      if (!nodeRelation && t.text().regionMatches(true, t.starts[i], "pg_", 0, 3) // no name built for other words
          && BuiltinFunctions.isNodeRelation(t.name(i)) && !t.isType(i + 1, TokenType.LPAREN)) {
        nodeRelation = true;
      }
      if (t.is(i, "for") && (t.is(i + 1, "update") || t.is(i + 1, "share")
          || (t.is(i + 1, "no") && t.is(i + 2, "key") && t.is(i + 3, "update"))
          || (t.is(i + 1, "key") && t.is(i + 2, "share")))) {
        locking = true;
        i += t.is(i + 1, "no") ? 3 : t.is(i + 1, "key") ? 2 : 1;
      } else if (t.is(i, "into")) {
        selectInto = true;
        int name = i + 1;
        boolean temp = false;
        while (t.is(name, "temp") || t.is(name, "temporary") || t.is(name, "unlogged") || t.is(name, "table")
            || t.is(name, "local") || t.is(name, "global")) {
          temp |= t.is(name, "temp") || t.is(name, "temporary");
          name++;
        }
        if (temp && name < to && isName(t, name)) {
          effects.add(SessionEffect.of(SessionEffect.Kind.CREATE_TEMP_TABLE, qualifiedName(name, to)));
        }
      } else if (t.is(i, "insert") || t.is(i, "update") || t.is(i, "delete") || t.is(i, "merge")) {
        if (i > from && t.types[i - 1] == TokenType.LPAREN) {
          dataModifyingCte = true;
        } else {
          dml = true;
        }
      }
    }
    Reason byFunction = scanFunctions(from, to);
    if (dataModifyingCte) {
      return Reason.DATA_MODIFYING_CTE;
    }
    if (selectInto) {
      return Reason.SELECT_INTO;
    }
    if (locking) {
      return Reason.LOCKING_CLAUSE;
    }
    if (dml) {
      return Reason.WRITE;
    }
    return nodeRelation && byFunction == Reason.READ ? Reason.SERVER_STATE : byFunction;
  }

  /** The first top-level word after a WITH list that starts the main statement, or -1. */
  private int mainStatementOfWith(int from, int to) {
    SqlLexer t = lexer;
    int depth = 0;
    for (int i = from; i < to; i++) {
      int type = t.types[i];
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && type == TokenType.WORD && i > from && t.types[i - 1] == TokenType.RPAREN
          && (t.is(i, "select") || t.is(i, "insert") || t.is(i, "update") || t.is(i, "delete") || t.is(i, "merge")
              || t.is(i, "values") || t.is(i, "table"))) {
        return i;
      }
    }
    return -1;
  }

  private boolean dataModifyingCteInside(int from, int to) {
    SqlLexer t = lexer;
    for (int i = from + 1; i < to; i++) {
      if (t.types[i - 1] == TokenType.LPAREN
          && (t.is(i, "insert") || t.is(i, "update") || t.is(i, "delete") || t.is(i, "merge"))) {
        return true;
      }
    }
    return false;
  }

  /** EXPLAIN [ ( options ) ] [ANALYZE] [VERBOSE] statement. */
  private Reason explain(int from, int to) {
    SqlLexer t = lexer;
    boolean analyze = false;
    int i = from;
    if (t.isType(i, TokenType.LPAREN)) {
      int depth = 0;
      for (; i < to; i++) {
        if (t.types[i] == TokenType.LPAREN) {
          depth++;
        } else if (t.types[i] == TokenType.RPAREN) {
          if (--depth == 0) {
            i++;
            break;
          }
        } else if ((t.is(i, "analyze") || t.is(i, "analyse"))) {
          boolean off = t.is(i + 1, "false") || t.is(i + 1, "off")
              || (t.isType(i + 1, TokenType.NUMBER) && t.text().charAt(t.starts[i + 1]) == '0');
          analyze = !off;
        }
      }
    }
    while (t.is(i, "analyze") || t.is(i, "analyse") || t.is(i, "verbose")) {
      analyze |= !t.is(i, "verbose");
      i++;
    }
    if (i >= to) {
      return Reason.UNKNOWN_STATEMENT;
    }
    if (!analyze) {
      return Reason.READ;
    }
    return statement(i, to);
  }

  /** COPY (query) TO STDOUT and COPY table TO STDOUT read; anything else (FROM, a file, PROGRAM) does not. */
  private Reason copy(int from, int to) {
    SqlLexer t = lexer;
    int depth = 0;
    int queryStart = -1;
    int queryEnd = -1;
    for (int i = from; i < to; i++) {
      int type = t.types[i];
      if (type == TokenType.LPAREN) {
        if (depth == 0 && i == from) {
          queryStart = i + 1;
        }
        depth++;
      } else if (type == TokenType.RPAREN) {
        depth--;
        if (depth == 0 && queryStart >= 0 && queryEnd < 0) {
          queryEnd = i;
        }
      } else if (depth == 0 && t.is(i, "from")) {
        return Reason.WRITE;
      } else if (depth == 0 && t.is(i, "to")) {
        if (!t.is(i + 1, "stdout")) {
          return Reason.WRITE;
        }
        if (queryStart >= 0 && queryEnd > queryStart) {
          return statement(queryStart, queryEnd);
        }
        return Reason.READ;
      }
    }
    return Reason.WRITE;
  }

  private Reason create(int from, int to) {
    SqlLexer t = lexer;
    int i = from;
    if (t.is(i, "or") && t.is(i + 1, "replace")) {
      i += 2;
    }
    boolean temp = false;
    while (t.is(i, "temp") || t.is(i, "temporary") || t.is(i, "local") || t.is(i, "global") || t.is(i, "unlogged")) {
      temp |= t.is(i, "temp") || t.is(i, "temporary");
      i++;
    }
    if (temp && t.is(i, "table")) {
      i++;
      if (t.is(i, "if") && t.is(i + 1, "not") && t.is(i + 2, "exists")) {
        i += 3;
      }
      effects.add(SessionEffect.of(SessionEffect.Kind.CREATE_TEMP_TABLE, i < to && isName(t, i) ? qualifiedName(i, to)
          : null));
      return Reason.TEMP_TABLE;
    }
    return Reason.WRITE;
  }

  /** SET …: a session setting, the transaction's modes, or the session's default transaction modes. */
  private Reason set(int from, int to) {
    SqlLexer t = lexer;
    int i = from;
    if (t.is(i, "transaction")) {
      effects.add(transactionModes(SessionEffect.Kind.SET_TRANSACTION, null, i + 1, to));
      return Reason.TRANSACTION_CONTROL;
    }
    if (t.is(i, "session") && t.is(i + 1, "characteristics")) {
      int modes = i + 2;
      while (modes < to && !t.is(modes, "transaction")) {
        modes++;
      }
      effects.add(transactionModes(SessionEffect.Kind.SET_TRANSACTION, "session_characteristics", modes + 1, to));
      return Reason.SESSION_STATE;
    }
    boolean local = false;
    if (t.is(i, "local")) {
      local = true;
      i++;
    } else if (t.is(i, "session") && !t.is(i + 1, "authorization")) {
      i++;
    }
    String name;
    if (t.is(i, "time") && t.is(i + 1, "zone")) {
      name = "timezone";
    } else if (t.is(i, "session") && t.is(i + 1, "authorization")) {
      name = "session_authorization";
    } else if (t.is(i, "names")) {
      name = "client_encoding";
    } else {
      name = i < to ? qualifiedName(i, to) : null;
    }
    effects.add(new SessionEffect(SessionEffect.Kind.SET, name, SessionEffect.Access.UNSPECIFIED,
        SessionEffect.Isolation.UNSPECIFIED, false, local));
    return Reason.SESSION_STATE;
  }

  private SessionEffect transactionModes(SessionEffect.Kind kind, String name, int from, int to) {
    SqlLexer t = lexer;
    SessionEffect.Access access = SessionEffect.Access.UNSPECIFIED;
    SessionEffect.Isolation isolation = SessionEffect.Isolation.UNSPECIFIED;
    for (int i = from; i < to; i++) {
      if (t.is(i, "read") && t.is(i + 1, "only")) {
        access = SessionEffect.Access.READ_ONLY;
      } else if (t.is(i, "read") && t.is(i + 1, "write")) {
        access = SessionEffect.Access.READ_WRITE;
      } else if (t.is(i, "isolation") && t.is(i + 1, "level")) {
        if (t.is(i + 2, "serializable")) {
          isolation = SessionEffect.Isolation.SERIALIZABLE;
        } else if (t.is(i + 2, "repeatable")) {
          isolation = SessionEffect.Isolation.REPEATABLE_READ;
        } else if (t.is(i + 2, "read") && t.is(i + 3, "committed")) {
          isolation = SessionEffect.Isolation.READ_COMMITTED;
        } else if (t.is(i + 2, "read") && t.is(i + 3, "uncommitted")) {
          isolation = SessionEffect.Isolation.READ_UNCOMMITTED;
        }
      }
    }
    return new SessionEffect(kind, name, access, isolation, false, false);
  }

  /**
   * Records the functions called in [from, to) and returns the strongest function rule: READ when none
   * applies.
   */
  private Reason scanFunctions(int from, int to) {
    SqlLexer t = lexer;
    Reason reason = Reason.READ;
    for (int i = from; i + 1 < to; i++) {
      int type = t.types[i];
      if ((type != TokenType.WORD && type != TokenType.QUOTED_IDENT) || t.types[i + 1] != TokenType.LPAREN) {
        continue;
      }
      if (i > from && (isCast(t, i - 1) || t.is(i - 1, "as") && type == TokenType.WORD && !t.is(i, "materialized"))) {
        continue; // a type modifier: x::numeric(10,2), CAST(x AS varchar(20)), or a CTE's AS (
      }
      if (i > from && t.types[i - 1] == TokenType.RPAREN) {
        // No call can follow a closing parenthesis: this is an alias with its column names, as in
        // pgjdbc's getImportedKeys: FROM generate_series(1, 32) pos(n), or FROM (SELECT …) s(a, b).
        continue;
      }
      String base = t.name(i);
      if (type == TokenType.WORD && BuiltinFunctions.isSyntax(base)) {
        continue;
      }
      if (i > from && t.is(i - 1, "tablesample") || cteColumnList(i + 1, to)) {
        continue; // TABLESAMPLE SYSTEM (10): a sampling method; WITH RECURSIVE t(n) AS (…): a CTE's columns
      }
      String schema = i >= from + 2 && t.types[i - 1] == TokenType.DOT && isName(t, i - 2) ? t.name(i - 2) : null;
      String qualified = schema != null ? schema + "." + base : base;
      if (readFunctions.contains(qualified) || readFunctions.contains(base)) {
        continue;
      }
      BuiltinFunctions.Kind kind = BuiltinFunctions.kindOf(schema, base);
      if (writeFunctions.contains(qualified) || writeFunctions.contains(base)) {
        reason = Reason.WRITING_FUNCTION;
      } else if (base.equals("set_config")) {
        effects.add(setConfig(i + 2, to));
        if (reason == Reason.READ || reason == Reason.SESSION_FUNCTION || reason == Reason.SERVER_STATE) {
          reason = Reason.SESSION_STATE;
        }
      } else if (kind == BuiltinFunctions.Kind.WRITE) {
        if (BuiltinFunctions.isSessionAdvisoryLock(base)) {
          effects.add(SessionEffect.of(SessionEffect.Kind.ADVISORY_LOCK, base));
        }
        reason = Reason.WRITING_FUNCTION;
      } else if (kind == BuiltinFunctions.Kind.SESSION) {
        if (reason == Reason.READ) {
          reason = Reason.SESSION_FUNCTION;
        }
      } else if (kind == BuiltinFunctions.Kind.NODE
          || kind == BuiltinFunctions.Kind.READ && base.equals("current_setting") && !customSettingNamed(i + 2)) {
        if (reason == Reason.READ || reason == Reason.SESSION_FUNCTION) {
          reason = Reason.SERVER_STATE;
        }
      } else if (kind == null) {
        functions.add(qualified);
      }
    }
    return reason;
  }

  /**
   * Whether the parenthesis at {@code open} encloses a CTE's column list: {@code name (a, b) AS [NOT]
   * [MATERIALIZED] (}. A function call is never followed by {@code AS (}. Only names and commas are
   * looked at, so each token is visited at most once more whatever the nesting (linear time).
   */
  private boolean cteColumnList(int open, int to) {
    SqlLexer t = lexer;
    int i = open + 1;
    while (i < to && (isName(t, i) || t.types[i] == TokenType.COMMA)) {
      i++;
    }
    if (!t.isType(i, TokenType.RPAREN) || !t.is(i + 1, "as")) {
      return false;
    }
    int next = i + 2;
    if (t.is(next, "not")) {
      next++;
    }
    if (t.is(next, "materialized")) {
      next++;
    }
    return t.isType(next, TokenType.LPAREN);
  }

  /**
   * Whether the string literal at {@code argument} names a custom setting ({@code 'app.tenant_id'}, as
   * row-level security policies read it): that exists only as the session set it, and the session's
   * settings are replayed on its replica connection. A built-in setting, or a name not given as a
   * literal, may be answered differently by a standby.
   */
  private boolean customSettingNamed(int argument) {
    SqlLexer t = lexer;
    if (!t.isType(argument, TokenType.STRING)) {
      return false;
    }
    String literal = t.text().substring(t.starts[argument], t.ends[argument]);
    return literal.indexOf('.') > 0 && literal.endsWith("'") && !literal.startsWith("E") && !literal.startsWith("e")
        && !literal.startsWith("U") && !literal.startsWith("u");
  }

  /** set_config('name', value, is_local): the setting name when given as a literal. */
  private SessionEffect setConfig(int argument, int to) {
    SqlLexer t = lexer;
    String name = null;
    if (t.isType(argument, TokenType.STRING)) {
      String literal = t.text().substring(t.starts[argument], t.ends[argument]);
      int quote = literal.indexOf('\'');
      if (quote >= 0 && literal.endsWith("'")) {
        name = literal.substring(quote + 1, literal.length() - 1).replace("''", "'").toLowerCase(java.util.Locale.ROOT);
      }
    }
    boolean local = false;
    int depth = 0;
    int commas = 0;
    for (int i = argument; i < to; i++) {
      int type = t.types[i];
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN) {
        if (depth-- == 0) {
          break;
        }
      } else if (type == TokenType.COMMA && depth == 0) {
        commas++;
      } else if (commas == 2 && depth == 0 && (t.is(i, "true") || (type == TokenType.STRING
          && t.text().regionMatches(true, t.starts[i], "'t", 0, 2)))) {
        local = true;
      }
    }
    return new SessionEffect(SessionEffect.Kind.SET, name, SessionEffect.Access.UNSPECIFIED,
        SessionEffect.Isolation.UNSPECIFIED, false, local);
  }

  private String qualifiedName(int i, int to) {
    SqlLexer t = lexer;
    StringBuilder name = new StringBuilder(t.name(i));
    while (i + 2 < to && t.types[i + 1] == TokenType.DOT && isName(t, i + 2)) {
      name.append('.').append(t.name(i + 2));
      i += 2;
    }
    return name.toString();
  }

  private static boolean isName(SqlLexer t, int i) {
    return i < t.count && (t.types[i] == TokenType.WORD || t.types[i] == TokenType.QUOTED_IDENT);
  }

  private static boolean isCast(SqlLexer t, int i) {
    return t.types[i] == TokenType.OPERATOR && t.ends[i] - t.starts[i] == 2 && t.text().charAt(t.starts[i]) == ':';
  }

  private static boolean parenthesesBalance(SqlLexer t) {
    int depth = 0;
    for (int i = 0; i < t.count; i++) {
      if (t.types[i] == TokenType.LPAREN) {
        depth++;
      } else if (t.types[i] == TokenType.RPAREN && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static int countStatements(SqlLexer t) {
    int statements = 0;
    int start = 0;
    for (int i = 0; i <= t.count; i++) {
      if (i == t.count || t.types[i] == TokenType.SEMICOLON) {
        if (i > start) {
          statements++;
        }
        start = i + 1;
      }
    }
    return statements;
  }

  /** {@code db.query.summary}: the operation, then the first collection it names. */
  private String summaryOf(SqlLexer t, int from, int to) {
    int first = from;
    while (first < to && t.types[first] != TokenType.WORD) {
      first++;
    }
    if (first >= to) {
      return "";
    }
    int operation = first;
    if (t.is(first, "with")) {
      int main = mainStatementOfWith(first + 1, to);
      if (main >= 0) {
        operation = main;
      }
    }
    String op = t.text().substring(t.starts[operation], t.ends[operation]).toUpperCase(java.util.Locale.ROOT);
    String collection = null;
    for (int i = operation; i + 1 < to && collection == null; i++) {
      if (t.is(i, "from") || t.is(i, "into") || t.is(i, "update") || t.is(i, "table") || t.is(i, "join")
          || (i == operation && (t.is(i, "truncate") || t.is(i, "copy")))) {
        int name = i + 1;
        while (t.is(name, "only") || t.is(name, "lateral") || t.is(name, "table")) {
          name++;
        }
        if (isName(t, name) && !BuiltinFunctions.isSyntax(t.name(name))) {
          collection = qualifiedName(name, to);
        }
      }
    }
    String summary = collection == null ? op : op + " " + collection;
    return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY);
  }
}
