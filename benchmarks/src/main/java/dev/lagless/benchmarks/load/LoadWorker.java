package dev.lagless.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One contender, one workload, N threads, in a JVM of its own (the contender's JVM: with Lagless, the
 * agent is attached to it): a closed loop, warm-up then a fixed measured time, latency in an
 * HdrHistogram. Prints one {@code result k=v …} line.
 *
 * <p>Arguments, {@code key=value}: {@code target} ({@code single} or {@code split}), {@code url}
 * (single) or {@code writer} and {@code reader} (split), {@code user}, {@code password},
 * {@code workload} (W1, W2, W3), {@code threads}, {@code warmup} and {@code seconds},
 * {@code replicaPorts} (comma-separated: where a read counts as served by a replica), and for the AWS
 * wrapper {@code awsInternalPools} (the size of each of its internal pools).
 */
public final class LoadWorker {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Workload workload = Workload.valueOf(options.get("workload"));
    int threads = Integer.parseInt(options.get("threads"));
    long warmupNanos = (long) (Double.parseDouble(options.get("warmup")) * 1e9);
    long measureNanos = (long) (Double.parseDouble(options.get("seconds")) * 1e9);
    Set<Integer> replicaPorts = new HashSet<>();
    for (String port : options.get("replicaPorts").split(",")) {
      replicaPorts.add(Integer.parseInt(port.trim()));
    }
    if (options.containsKey("awsInternalPools")) {
      AwsInternalPools.install(Integer.parseInt(options.get("awsInternalPools")));
    }
    String user = options.get("user");
    String password = options.get("password");
    try (Target target = options.get("target").equals("split")
        ? Target.split(options.get("writer"), options.get("reader"), user, password, threads)
        : Target.single(options.get("url"), user, password, threads)) {
      run(target, workload, threads, warmupNanos, measureNanos, replicaPorts);
    }
  }

  private static void run(Target target, Workload workload, int threads, long warmupNanos, long measureNanos,
      Set<Integer> replicaPorts) throws Exception {
    Recorder recorder = new Recorder(3);
    List<Tally> tallies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    for (int i = 0; i < threads; i++) {
      Tally tally = new Tally(replicaPorts);
      tallies.add(tally);
      Workload.Session session = new Workload.Session(i, target);
      Thread worker = new Thread(() -> loop(target, workload, session, tally, recorder, measureFrom, end), "load-" + i);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    long sleep = (measureFrom - System.nanoTime()) / 1_000_000;
    if (sleep > 0) {
      Thread.sleep(sleep);
    }
    recorder.reset();
    long cpuBefore = processCpuNanos();
    long wallBefore = System.nanoTime();
    for (Thread worker : workers) {
      worker.join();
    }
    long cpu = processCpuNanos() - cpuBefore;
    double seconds = (System.nanoTime() - wallBefore) / 1e9;
    Histogram latencies = recorder.getIntervalHistogram();
    Tally total = new Tally(replicaPorts);
    tallies.forEach(total::add);
    System.out.printf(Locale.ROOT, "result workload=%s threads=%d ops=%d throughput=%.1f p50_us=%.1f p99_us=%.1f"
            + " p999_us=%.1f reads=%d replica_reads=%d writes=%d stale=%d errors=%d cpu_us_per_op=%.1f%n",
        workload, threads, total.ops, total.ops / seconds, latencies.getValueAtPercentile(50) / 1e3,
        latencies.getValueAtPercentile(99) / 1e3, latencies.getValueAtPercentile(99.9) / 1e3, total.reads,
        total.replicaReads, total.writes, total.stale, total.errors, total.ops == 0 ? 0.0 : cpu / 1e3 / total.ops);
    if (total.firstError != null) {
      // On its own line: a message has spaces. ContendersRun puts it in the row's note.
      System.out.println("first_error " + total.firstError.replace('\n', ' '));
    }
  }

  private static void loop(Target target, Workload workload, Workload.Session session, Tally tally,
      Recorder recorder, long measureFrom, long end) {
    boolean measuring = false;
    for (long now = System.nanoTime(); now < end; ) {
      if (!measuring && now >= measureFrom) {
        measuring = true;
        tally.measuring(true);
      }
      long before = System.nanoTime();
      try {
        workload.step(target, session, tally);
        now = System.nanoTime();
        if (measuring) {
          recorder.recordValue(now - before);
          tally.op();
        }
      } catch (Exception e) {
        tally.error(e);
        now = System.nanoTime();
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
