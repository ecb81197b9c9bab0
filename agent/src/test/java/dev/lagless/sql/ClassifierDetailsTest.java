package dev.lagless.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the classifier reports besides read or not: hints, summary, sanitized text, effects, functions, cache. */
class ClassifierDetailsTest {

  private final SqlClassifier classifier = SqlClassifier.withDefaults();

  @Test
  void hintsBeforeTheFirstKeywordAreRead() {
    assertEquals(Hint.PRIMARY, classifier.classify("/* lagless:primary */ SELECT 1").hint());
    assertEquals(Hint.REPLICA, classifier.classify("/* lagless:replica */ SELECT nextval('s')").hint());
    assertEquals(Hint.REPLICA, classifier.classify("/* app=x */ /* Lagless:Replica */\nSELECT 1").hint());
    assertEquals(Hint.PRIMARY, classifier.classify("-- lagless:primary\nSELECT 1").hint());
    assertEquals(Hint.PRIMARY, classifier.classify("/* lagless:replica lagless:primary */ SELECT 1").hint());
    assertNull(classifier.classify("SELECT /* lagless:primary */ 1").hint(), "after the first keyword: not a hint");
    assertNull(classifier.classify("SELECT '/* lagless:primary */'").hint());
    assertNull(classifier.classify("/* lagless:primaryish */ SELECT 1").hint());
    assertTrue(classifier.classify("/* lagless:primary */ SELECT 1").isRead(), "the hint is the router's business");
  }

  @Test
  void summaryIsTheOperationAndTheFirstCollection() {
    assertEquals("SELECT users", classifier.classify("select * from users where id = 1").summary());
    assertEquals("SELECT public.users", classifier.classify("SELECT * FROM public.users u JOIN o ON true").summary());
    assertEquals("INSERT orders", classifier.classify("insert into orders (a) values (1)").summary());
    assertEquals("UPDATE accounts", classifier.classify("UPDATE accounts SET a = 1").summary());
    assertEquals("DELETE sessions", classifier.classify("DELETE FROM sessions WHERE x").summary());
    assertEquals("SELECT recent", classifier.classify("WITH recent AS (SELECT 1) SELECT * FROM recent").summary());
    assertEquals("DELETE t", classifier.classify("WITH x AS (SELECT 1) DELETE FROM t").summary());
    assertEquals("SELECT", classifier.classify("SELECT 1").summary());
    assertEquals("BEGIN", classifier.classify("begin").summary());
    assertEquals("TABLE users", classifier.classify("TABLE users").summary());
    assertEquals("SELECT Mixed", classifier.classify("SELECT * FROM \"Mixed\"").summary());
    String longName = "t".repeat(400);
    assertEquals(255, classifier.classify("SELECT * FROM " + longName).summary().length());
  }

  @Test
  void sanitizedTextHasNoLiteralsCollapsedInListsAndNoComments() {
    assertEquals("SELECT * FROM users WHERE name = ? AND age > ?",
        classifier.classify("SELECT * FROM users WHERE name = 'alice' AND age > 30").sanitizedText());
    assertEquals("SELECT * FROM t WHERE id IN (?)",
        classifier.classify("SELECT * FROM t WHERE id IN (1, 2, 3, -4)").sanitizedText());
    assertEquals("SELECT * FROM t WHERE id IN (?)",
        classifier.classify("SELECT * FROM t WHERE id IN ($1, $2)").sanitizedText());
    assertEquals("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = ?)",
        classifier.classify("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 'y')").sanitizedText());
    assertEquals("SELECT a FROM t WHERE b = $1",
        classifier.classify("SELECT a /* secret=1 */ FROM t -- why\n WHERE b = $1").sanitizedText());
    assertEquals("SELECT ?::date, ?, ?, x::numeric(?,?)",
        classifier.classify("SELECT '2024-01-01'::date, E'a\\'b', $$x$$, x::numeric(10,2)").sanitizedText());
    assertEquals("SELECT ?", classifier.classify("SELECT 'unterminated").sanitizedText());
    assertFalse(classifier.classify("INSERT INTO t VALUES ('4111111111111111')").sanitizedText().contains("4111"));
  }

  @Test
  void sessionAndTransactionEffectsAreReported() {
    assertEquals(List.of(new SessionEffect(SessionEffect.Kind.SET, "search_path", SessionEffect.Access.UNSPECIFIED,
        SessionEffect.Isolation.UNSPECIFIED, false, false)), classifier.classify("SET search_path TO app").effects());
    assertTrue(classifier.classify("SET LOCAL statement_timeout = 5").effects().get(0).local());
    assertEquals("timezone", classifier.classify("SET TIME ZONE 'UTC'").effects().get(0).name());
    assertEquals("app.tenant", classifier.classify("SET app.tenant = 1").effects().get(0).name());
    SessionEffect setConfig = classifier.classify("SELECT set_config('Search_Path', 'x', true)").effects().get(0);
    assertEquals("search_path", setConfig.name());
    assertTrue(setConfig.local());
    assertFalse(classifier.classify("SELECT set_config('search_path', 'x', false)").effects().get(0).local());
    assertEquals("all", classifier.classify("RESET ALL").effects().get(0).name());
    assertEquals("temp", classifier.classify("DISCARD TEMPORARY").effects().get(0).name());
    assertEquals(SessionEffect.Kind.LISTEN, classifier.classify("LISTEN jobs").effects().get(0).kind());
    assertEquals("*", classifier.classify("UNLISTEN *").effects().get(0).name());
    assertEquals("q", classifier.classify("PREPARE q AS SELECT 1").effects().get(0).name());
    assertTrue(classifier.classify("DECLARE c CURSOR WITH HOLD FOR SELECT 1").effects().get(0).withHold());
    assertFalse(classifier.classify("DECLARE c CURSOR FOR SELECT 1").effects().get(0).withHold());

    SessionEffect begin = classifier.classify("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").effects().get(0);
    assertEquals(SessionEffect.Kind.BEGIN, begin.kind());
    assertEquals(SessionEffect.Access.READ_ONLY, begin.access());
    assertEquals(SessionEffect.Isolation.REPEATABLE_READ, begin.isolation());
    SessionEffect start = classifier.classify("START TRANSACTION READ WRITE").effects().get(0);
    assertEquals(SessionEffect.Access.READ_WRITE, start.access());
    assertEquals(SessionEffect.Isolation.SERIALIZABLE,
        classifier.classify("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").effects().get(0).isolation());
    assertEquals(SessionEffect.Kind.COMMIT, classifier.classify("END").effects().get(0).kind());
    assertEquals(SessionEffect.Kind.ROLLBACK, classifier.classify("ABORT").effects().get(0).kind());
    assertEquals("sp", classifier.classify("ROLLBACK TO SAVEPOINT sp").effects().get(0).name());
    assertEquals(SessionEffect.Kind.RELEASE_SAVEPOINT, classifier.classify("RELEASE sp").effects().get(0).kind());
    assertEquals(SessionEffect.Kind.TWO_PHASE, classifier.classify("PREPARE TRANSACTION 'x'").effects().get(0).kind());

    assertEquals(List.of(SessionEffect.of(SessionEffect.Kind.CREATE_TEMP_TABLE, "scratch")),
        classifier.classify("CREATE TEMP TABLE scratch (id int)").effects());
    assertEquals(List.of(SessionEffect.of(SessionEffect.Kind.CREATE_TEMP_TABLE, "scratch")),
        classifier.classify("SELECT * INTO TEMP scratch FROM t").effects());
    assertEquals(List.of(SessionEffect.of(SessionEffect.Kind.DROP_TABLE, "a"),
        SessionEffect.of(SessionEffect.Kind.DROP_TABLE, "s.b")),
        classifier.classify("DROP TABLE IF EXISTS a, s.b CASCADE").effects());
    assertEquals(List.of(SessionEffect.of(SessionEffect.Kind.ADVISORY_LOCK, "pg_advisory_lock")),
        classifier.classify("SELECT pg_advisory_lock(1)").effects());
    assertEquals(List.of(), classifier.classify("SELECT pg_advisory_xact_lock(1)").effects(),
        "a transaction-level lock ends with the transaction: it pins nothing");
  }

  @Test
  void userFunctionsAreListedForTheCatalogCheckAndBuiltinsAreNot() {
    assertEquals(List.of("calculate_discount", "billing.invoice_total"), classifier.classify(
        "SELECT calculate_discount(o.id), billing.invoice_total(o.id), count(*), lower(x), coalesce(a, b) "
            + "FROM orders o WHERE a IN (1) AND EXISTS (SELECT 1)").functions());
    assertEquals(List.of(), classifier.classify("SELECT x::numeric(10,2), CAST(y AS varchar(3)) FROM t").functions());
    assertEquals(List.of("MyFunc"), classifier.classify("SELECT \"MyFunc\"(1)").functions());
    assertEquals(List.of("billing.lower"), classifier.classify("SELECT billing.lower(x), pg_catalog.upper(x)").functions(),
        "a built-in's name in another schema is a user function; in pg_catalog it is the built-in");
    assertEquals(List.of("t"), classifier.classify("WITH RECURSIVE r(n) AS (SELECT 1) SELECT t(n) AS v FROM r").functions(),
        "a CTE's column list is not a call; a call followed by AS alias is");
    assertEquals(List.of(), classifier.classify("SELECT pos.n FROM pg_catalog.generate_series(1, 32) pos(n), "
        + "(SELECT 1) s(a) JOIN LATERAL unnest(x) \"U\"(v) ON true").functions(),
        "an alias with column names after a parenthesis is no call (pgjdbc's getImportedKeys)");
    assertEquals(List.of("f"), classifier.classify("SELECT count(*) FILTER (WHERE f(x)) OVER (w) FROM t").functions());
    assertTrue(classifier.classify("SELECT calculate_discount(1)").isRead(),
        "unknown functions are the router's to check, not a reason to refuse here");
    SqlClassifier configured = new SqlClassifier(Set.of("calculate_discount"), Set.of("nextval"));
    assertEquals(Reason.WRITING_FUNCTION, configured.classify("SELECT calculate_discount(1)").reason());
    assertTrue(configured.classify("SELECT nextval('s')").isRead(), "LAGLESS_READ_FUNCTIONS overrides");
  }

  @Test
  void identifiersAreListedForTheTemporaryTableCheck() {
    List<String> identifiers = classifier.classify("SELECT a FROM Scratch JOIN \"Other\" ON true").identifiers();
    assertTrue(identifiers.contains("scratch"));
    assertTrue(identifiers.contains("Other"));
  }

  @Test
  void multiStatementCountsAreReported() {
    assertEquals(2, classifier.classify("SELECT 1; SELECT 2").statementCount());
    assertEquals(1, classifier.classify("SELECT 1;").statementCount());
    assertEquals(0, classifier.classify(" ; ").statementCount());
  }

  @Test
  void theCacheReturnsTheSameResultAndStaysBounded() {
    SqlClassifier small = new SqlClassifier(Set.of(), Set.of(), 100, 1_000_000);
    Classification first = small.classify("SELECT * FROM t WHERE id = ?");
    assertSame(first, small.classify("SELECT * FROM t WHERE id = ?"));
    for (int i = 0; i < 10_000; i++) {
      small.classify("SELECT * FROM t WHERE id = " + i + " AND note = 'literal-laden statement number " + i + "'");
      assertTrue(small.cachedEntries() <= 100, "entries bounded: " + small.cachedEntries());
    }
    SqlClassifier byChars = new SqlClassifier(Set.of(), Set.of(), 1_000_000, 10_000);
    String pad = "x".repeat(1000);
    for (int i = 0; i < 1000; i++) {
      byChars.classify("SELECT '" + pad + i + "'");
      assertTrue(byChars.cachedChars() <= 10_000 + 2_100, "characters bounded: " + byChars.cachedChars());
    }
    String huge = "SELECT " + "1 + ".repeat(10_000) + "1";
    small.classify(huge);
    assertTrue(small.cachedChars() < huge.length(), "texts over the key limit are not cached");
  }

  @Test
  void nullIsNotAnError() {
    assertEquals(Reason.EMPTY, classifier.classify(null).reason());
  }
}
