package dev.lagless.benchmarks;

import dev.lagless.sql.Classification;
import dev.lagless.sql.SqlClassifier;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classifier's two costs, and JSQLParser's parse of the same statements side by side (what the AWS
 * Advanced JDBC Wrapper pays to classify a statement). Each invocation handles one statement of
 * {@link Statements#OLTP}, chosen by {@code index}, so the result is per statement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifierBenchmark {

  @Param({"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"})
  public int index;

  private SqlClassifier classifier;
  private String sql;

  @Setup
  public void setUp() {
    classifier = SqlClassifier.withDefaults();
    // A fresh String with equal text, as a driver would hand over: the cache must compare text, not identity.
    sql = new String(Statements.OLTP.get(index).toCharArray());
    classifier.classify(Statements.OLTP.get(index));
  }

  @Benchmark
  public Classification laglessCached() {
    return classifier.classify(sql);
  }

  @Benchmark
  public Classification laglessUncached() {
    return classifier.classifyUncached(sql);
  }

  /** Uncached, plus the telemetry by-products ({@code db.query.text}) that are computed on first use. */
  @Benchmark
  public String laglessUncachedWithText() {
    return classifier.classifyUncached(sql).sanitizedText();
  }

  /** {@code CCJSqlParserUtil.parse}: what most callers use; it parses on a pooled thread with a time-out. */
  @Benchmark
  public Statement jsqlparser() throws Exception {
    return CCJSqlParserUtil.parse(sql);
  }

  /** The parser alone, on the calling thread: JSQLParser's best case. */
  @Benchmark
  public Statement jsqlparserDirect() throws Exception {
    return CCJSqlParserUtil.newParser(sql).Statement();
  }
}
