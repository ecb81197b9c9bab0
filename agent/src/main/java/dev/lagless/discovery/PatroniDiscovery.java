package dev.lagless.discovery;

import dev.lagless.config.HostPort;
import dev.lagless.routing.ReplicaSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the members of a Patroni cluster ({@code LAGLESS_REPLICAS=patroni://host:port}): asks
 * {@code GET /cluster} every second on a daemon thread, trying the given endpoints in turn (any member's
 * REST API describes the whole cluster), and hands the replicas it names to the {@link ReplicaSet}.
 * When no endpoint answers, the last answer stands: the monitor, not Patroni, decides whether a node
 * may serve reads, so an outdated list costs nothing but polls of nodes that may be gone.
 */
public final class PatroniDiscovery {

  static final long INTERVAL_MILLIS = 1_000;
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
  private static final int READ_TIMEOUT_MILLIS = 2_000;
  /** A /cluster answer is a few hundred bytes per member; more than this is not Patroni. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final List<HostPort> endpoints;
  private final ReplicaSet replicas;
  private final Consumer<String> log;
  private final CountDownLatch firstAnswer = new CountDownLatch(1);
  private boolean failing;
  private String lastView = "";

  public PatroniDiscovery(List<HostPort> endpoints, ReplicaSet replicas, Consumer<String> log) {
    this.endpoints = List.copyOf(endpoints);
    this.replicas = replicas;
    this.log = log;
  }

  public void start() {
    Thread thread = new Thread(() -> dev.lagless.telemetry.OwnWork.run(this::loop), "lagless-patroni");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits at most {@code maxNanos} for the first answer (or the first round of failures). */
  public void awaitFirstAnswer(long maxNanos) {
    try {
      firstAnswer.await(maxNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For the life of the JVM (a daemon thread), like the monitor it feeds. */
  private void loop() {
    while (true) {
      try {
        discoverOnce();
      } catch (RuntimeException e) {
        log.accept("patroni discovery failed, keeping the last known replicas: " + e); // a bug of ours; keep going
      }
      firstAnswer.countDown();
      try {
        Thread.sleep(INTERVAL_MILLIS); // the discovery interval, not a synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One round: the first endpoint that answers decides. */
  private void discoverOnce() {
    StringBuilder failures = new StringBuilder();
    for (HostPort endpoint : endpoints) {
      PatroniMembers members;
      try {
        members = PatroniMembers.parse(get(endpoint));
      } catch (IOException | IllegalArgumentException e) {
        failures.append(failures.length() == 0 ? "" : "; ").append(endpoint).append(": ").append(e.getMessage());
        continue;
      }
      apply(endpoint, members);
      return;
    }
    if (!failing) {
      failing = true;
      log.accept("patroni: no answer (" + failures + "); keeping the last known replicas");
    }
  }

  private void apply(HostPort endpoint, PatroniMembers members) {
    if (failing) {
      failing = false;
      log.accept("patroni: " + endpoint + " answers again");
    }
    replicas.replaceDiscovered(members.readable);
    String view = "leader " + (members.leader == null ? "none" : members.leader) + ", replicas " + members.readable;
    if (!view.equals(lastView)) {
      lastView = view;
      log.accept("patroni: " + view);
    }
  }

  /**
   * The members that endpoint's Patroni names as able to serve reads now (for {@code doctor});
   * {@link IOException} when it does not answer, or not as Patroni.
   */
  public static List<HostPort> readableMembers(HostPort endpoint) throws IOException {
    try {
      return PatroniMembers.parse(get(endpoint)).readable;
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String get(HostPort endpoint) throws IOException {
    String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
    HttpURLConnection http = (HttpURLConnection) new URL("http", host, endpoint.port(), "/cluster").openConnection();
    http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    http.setReadTimeout(READ_TIMEOUT_MILLIS);
    http.setUseCaches(false);
    http.setRequestProperty("Accept", "application/json");
    try {
      int status = http.getResponseCode();
      if (status != 200) {
        throw new IOException("HTTP " + status);
      }
      try (InputStream in = http.getInputStream()) {
        return new String(readBounded(in), StandardCharsets.UTF_8);
      }
    } finally {
      http.disconnect();
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_BODY_BYTES) {
        throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
      }
    }
    return out.toByteArray();
  }
}
