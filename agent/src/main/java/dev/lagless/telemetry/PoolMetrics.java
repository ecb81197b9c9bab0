package dev.lagless.telemetry;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saturation of the replica pools, in the database client semantic conventions:
 * {@code db.client.connection.count{state=idle|used}}, {@code .pending_requests} and {@code .wait_time},
 * per {@code db.client.connection.pool.name}. HikariCP hands each pool's statistics to this factory;
 * the gauges read them when a reader collects (HikariCP refreshes them at most once a second).
 */
public final class PoolMetrics implements MetricsTrackerFactory {

  private static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("db.client.connection.state");
  private static final List<Double> WAIT_BUCKETS = List.of(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25);

  private final Map<String, PoolStats> pools = new ConcurrentHashMap<>();
  private final DoubleHistogram waitTime;

  PoolMetrics(Meter meter) {
    this.waitTime = meter.histogramBuilder("db.client.connection.wait_time").setUnit("s")
        .setDescription("Time a read waited for a connection of a replica pool")
        .setExplicitBucketBoundariesAdvice(WAIT_BUCKETS).build();
    meter.upDownCounterBuilder("db.client.connection.count").setUnit("{connection}")
        .setDescription("Connections of the replica pools, by state").buildWithCallback(measurement -> {
          for (Map.Entry<String, PoolStats> pool : pools.entrySet()) {
            PoolStats stats = pool.getValue();
            measurement.record(stats.getIdleConnections(), Attributes.of(POOL_NAME, pool.getKey(), STATE, "idle"));
            measurement.record(stats.getActiveConnections(), Attributes.of(POOL_NAME, pool.getKey(), STATE, "used"));
          }
        });
    meter.upDownCounterBuilder("db.client.connection.max").setUnit("{connection}")
        .setDescription("The most connections each replica pool may hold").buildWithCallback(measurement -> {
          for (Map.Entry<String, PoolStats> pool : pools.entrySet()) {
            measurement.record(pool.getValue().getMaxConnections(), Attributes.of(POOL_NAME, pool.getKey()));
          }
        });
    meter.upDownCounterBuilder("db.client.connection.pending_requests").setUnit("{request}")
        .setDescription("Reads waiting for a connection of a replica pool").buildWithCallback(measurement -> {
          for (Map.Entry<String, PoolStats> pool : pools.entrySet()) {
            measurement.record(pool.getValue().getPendingThreads(), Attributes.of(POOL_NAME, pool.getKey()));
          }
        });
  }

  @Override
  public IMetricsTracker create(String poolName, PoolStats stats) {
    pools.put(poolName, stats);
    Attributes attributes = Attributes.of(POOL_NAME, poolName);
    return new IMetricsTracker() {
      @Override
      public void recordConnectionAcquiredNanos(long nanos) {
        waitTime.record(nanos / 1e9, attributes);
      }

      @Override
      public void close() {
        pools.remove(poolName, stats);
      }
    };
  }
}
