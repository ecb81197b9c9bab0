package dev.lagless.routing;

import dev.lagless.config.Balance;
import dev.lagless.config.HostPort;
import dev.lagless.config.MaxLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing hot path that runs for every read after classification: choosing the replica, without a
 * read-your-own-writes position and with one (the replica must have replayed it), for each balance
 * setting, from several threads at once (the chooser's counters are shared). In this package because
 * the replica health it needs is set by the monitor, package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class ReplicaChoiceBenchmark {

  @Param({"LEAST_BUSY", "ROUND_ROBIN", "RANDOM"})
  public Balance balance;

  @Param({"2"})
  public int replicas;

  private ReplicaChooser chooser;
  private long replayed;

  @Setup
  public void setUp() {
    List<ReplicaNode> nodes = new ArrayList<>();
    replayed = 0x3000000L;
    for (int i = 0; i < replicas; i++) {
      ReplicaNode node = new ReplicaNode(new HostPort("127.0.0.1", 5433 + i), Map.of());
      // Healthy, following, polled "now"; the poll interval below keeps that fresh for the whole run.
      node.update(new NodeHealth(NodeHealth.Status.FOLLOWING, replayed + i, 0, 0, 1, System.nanoTime(), "ok"));
      nodes.add(node);
    }
    chooser = new ReplicaChooser(nodes, balance, MaxLag.ofTime(Duration.ofSeconds(5)), TimeUnit.HOURS.toMillis(1));
  }

  @Benchmark
  public ReplicaChooser.Choice choose() {
    return chooser.choose(null);
  }

  @Benchmark
  public ReplicaChooser.Choice chooseCaughtUpTo() {
    return chooser.choose(null, replayed);
  }
}
