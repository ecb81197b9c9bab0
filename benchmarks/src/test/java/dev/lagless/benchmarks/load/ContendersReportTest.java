package dev.lagless.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContendersReportTest {

  @TempDir
  Path dir;

  private static final String CSV = ContendersRun.COLUMNS + "\n"
      + "lagless,W1,8,1000,15000.0,300.0,900.0,2000.0,1000,1000,0,0,0,30.0,\n"
      + "hand-split,W1,8,1000,20000.0,200.0,800.0,1500.0,1000,1000,0,0,0,18.0,\n"
      + "pgpool,W1,8,1000,5000.0,1000.0,3000.0,9000.0,1000,1000,0,0,0,90.0,\n"
      + "aws-wrapper,W1,8,1000,16000.0,250.0,850.0,1600.0,1000,0,0,0,0,25.0,\n"
      + "shardingsphere,W1,8,,,,,,,,,,,,not run: the library's class path is missing\n"
      + "lagless,W2,8,1000,6000.0,500.0,900.0,2000.0,900,900,100,0,0,40.0,\n"
      + "hand-split,W2,8,1000,18000.0,200.0,800.0,1500.0,900,900,100,37,0,18.0,\n"
      + "lagless,W3,8,1000,3000.0,2000.0,9000.0,20000.0,1000,1000,0,0,0,300.0,\n"
      + "aws-wrapper,W3,8,1000,2000.0,3000.0,9000.0,20000.0,1000,1000,0,0,0,600.0,first error: SQLException: a | b\n";

  private List<Map<String, String>> rows() throws IOException {
    Path csv = dir.resolve("contenders.csv");
    Files.writeString(csv, CSV);
    return ContendersReport.readCsv(csv);
  }

  @Test
  void checksTheIssueTargetsAgainstTheRun() throws IOException {
    String targets = ContendersTargets.render(rows());
    assertTrue(targets.contains("| W1, 8 threads: throughput ≥ 1.5 × Pgpool-II's | 3.00 × (15,000 vs 5,000) | yes |"),
        targets);
    assertTrue(targets.contains("| W1, 8 threads: p50 ≤ 0.6 × Pgpool-II's | 0.30 × (300 vs 1,000) | yes |"), targets);
    assertTrue(targets.contains("| W1, 8 threads: throughput ≥ 0.9 × the hand-written split's | 0.75 × (15,000 vs"
        + " 20,000) | **no** |"), targets);
    assertTrue(targets.contains("| W2: 0 stale reads for Lagless | 0 stale of 900 reads (others: hand-split 8 threads:"
        + " 37) | yes |"), targets);
    assertTrue(targets.contains("| W3: throughput ≥ aws-wrapper's, at every thread count | lowest ratio 1.50 × (8"
        + " threads) | yes |"), targets);
    assertTrue(targets.contains("| W3: throughput ≥ shardingsphere's, at every thread count | not measured | – |"),
        targets);
  }

  @Test
  void tablesSayWhatDidNotRunAndWhereReadsWent() throws IOException {
    Properties meta = new Properties();
    meta.setProperty("setup.lagless", "the agent");
    String md = ContendersReport.render(rows(), meta, List.of(), "benchmarks");
    assertTrue(md.contains("| shardingsphere | 8 | – | – | – | – | – | – | – | – | – | not run: the library's class"
        + " path is missing |"), md);
    assertTrue(md.contains("| aws-wrapper | 8 | 16,000 | 0.80 | 250 | 850 | 1,600 | 0.0 % | 0 | 0 | 25.0 | every read on"
        + " the primary |"), md);
    // A note with a pipe must not split the table's row.
    assertTrue(md.contains("first error: SQLException: a \\| b |"), md);
    assertTrue(md.contains("| lagless | the agent |"), md);
    assertTrue(md.contains("![W1 throughput](benchmarks/contenders-W1-throughput.png)"), md);
  }

  @Test
  void replacesOnlyTheGeneratedBlock() {
    String page = "# Title\n\nhand-written\n\n" + ContendersReport.BEGIN + "\nold\n" + ContendersReport.END
        + "\n\nafter\n";
    String block = ContendersReport.BEGIN + "\nnew\n" + ContendersReport.END;
    assertEquals("# Title\n\nhand-written\n\n" + block + "\n\nafter\n", ContendersReport.replaceBlock(page, block));
    assertEquals("# Title\n\n" + block + "\n", ContendersReport.replaceBlock("# Title\n", block));
  }

  @Test
  void readsJmhCsvWithQuotesAndParameterColumns() throws IOException {
    Path csv = dir.resolve("jmh.csv");
    Files.writeString(csv, "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\","
        + "\"Param: balance\",\"Param: index\"\n"
        + "\"dev.lagless.routing.ReplicaChoiceBenchmark.choose\",\"avgt\",4,5,212.5,NaN,\"ns/op\",RANDOM,\n"
        + "\"dev.lagless.benchmarks.ClassifierBenchmark.laglessCached\",\"avgt\",1,5,8.25,0.5,\"ns/op\",,3\n");
    String md = ContendersReport.render(rows(), new Properties(), ContendersReport.readCsv(csv), ".");
    assertTrue(md.contains("| ReplicaChoiceBenchmark.choose | balance=RANDOM | avgt | 212.5 | – | ns/op |"), md);
    assertTrue(md.contains("| ClassifierBenchmark.laglessCached | index=3 | avgt | 8.3 | 0.5 | ns/op |"), md);
  }
}
