package dev.lagless.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The classifier issue's correctness claim: on every case of {@link ClassifierCasesTest}'s table that
 * JSQLParser can parse at all, Lagless gives the expected answer. It also records how a classifier
 * built on JSQLParser's tree (read when every statement is a SELECT without a locking clause, INTO or a
 * data-modifying WITH item) would fare on the same cases, for docs/benchmarks.md.
 */
class JsqlParserComparisonTest {

  private static final SqlClassifier LAGLESS =
      new SqlClassifier(Set.of("audit.log_event", "touch_user"), Set.of("price_of", "nextval_safe"));

  @Test
  void laglessIsRightOnEveryCaseJsqlParserParses() throws IOException {
    List<Object[]> cases = ClassifierCasesTest.cases().map(Arguments::get).collect(Collectors.toList());
    int parsed = 0;
    int laglessWrong = 0;
    int jsqlWritesAsReads = 0;
    int jsqlReadsAsWrites = 0;
    List<String> laglessMistakes = new ArrayList<>();
    List<String> jsqlUnsafe = new ArrayList<>();
    for (Object[] c : cases) {
      String sql = (String) c[0];
      boolean expectedRead = (Boolean) c[1];
      Statements tree = parse(sql);
      if (tree == null) {
        continue;
      }
      parsed++;
      if (LAGLESS.classifyUncached(sql).isRead() != expectedRead) {
        laglessWrong++;
        laglessMistakes.add(sql);
      }
      boolean jsqlRead = readByTree(tree);
      if (jsqlRead && !expectedRead) {
        jsqlWritesAsReads++;
        jsqlUnsafe.add(sql);
      } else if (!jsqlRead && expectedRead) {
        jsqlReadsAsWrites++;
      }
    }
    String report = String.format("cases=%d parsedByJsqlParser=%d laglessWrong=%d "
        + "jsqlTreeWritesAsReads=%d jsqlTreeReadsAsWrites=%d%n", cases.size(), parsed, laglessWrong,
        jsqlWritesAsReads, jsqlReadsAsWrites)
        + "writes a JSQLParser-tree classifier would send to a replica:\n  "
        + String.join("\n  ", jsqlUnsafe) + "\n";
    Path out = Path.of("target", "jsqlparser-comparison.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    assertTrue(parsed > cases.size() / 2, "JSQLParser parsed too few cases to compare: " + report);
    assertEquals(List.of(), laglessMistakes, report);
  }

  private static Statements parse(String sql) {
    try {
      Statements statements = CCJSqlParserUtil.parseStatements(sql);
      return statements == null || statements.isEmpty() ? null : statements;
    } catch (Exception | Error e) {
      return null;
    }
  }

  /** What a careful user of JSQLParser's tree would call a read. */
  private static boolean readByTree(Statements tree) {
    for (Statement statement : tree) {
      if (!(statement instanceof Select)) {
        return false;
      }
      Select select = (Select) statement;
      if (select.getWithItemsList() != null) {
        for (WithItem<?> item : select.getWithItemsList()) {
          if (!(item.getParenthesedStatement() instanceof Select)) {
            return false;
          }
        }
      }
      if (select instanceof PlainSelect) {
        PlainSelect plain = (PlainSelect) select;
        if (plain.getForMode() != null || plain.getIntoTables() != null) {
          return false;
        }
      }
    }
    return true;
  }
}
