package dev.lagless.it.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real Prometheus scrapes a tiny endpoint of the test and {@link PrometheusServer} queries what it stored. */
class PrometheusServerTest {

  private static final String EXPOSITION = "# HELP lagless_test_total Statements the test pretends to route.\n"
      + "# TYPE lagless_test_total counter\n"
      + "lagless_test_total{route=\"replica\"} 3\n";

  @Test
  void scrapesATargetAndAnswersPromQl() throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/metrics", exchange -> {
      byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    target.start();
    String instance = "127.0.0.1:" + target.getAddress().getPort();
    long pid;
    int port;
    Path directory;
    try (PrometheusServer prometheus = PrometheusServer.scraping(List.of(instance))) {
      pid = prometheus.pid();
      port = prometheus.port();
      directory = prometheus.directory();
      assertEquals(Set.of("127.0.0.1"), ListeningSockets.addresses(port), "Prometheus listens on 127.0.0.1 alone");

      List<PrometheusServer.Series> series = prometheus.awaitSeries("lagless_test_total", Duration.ofSeconds(30));
      assertEquals(1, series.size(), series::toString);
      assertEquals(3.0, series.get(0).value());
      assertEquals(Map.of("__name__", "lagless_test_total", "job", PrometheusServer.DEFAULT_JOB, "instance", instance,
          "route", "replica"), series.get(0).labels());

      assertEquals(List.of(new PrometheusServer.Series(Map.of("job", "lagless", "instance", instance), 1.0)),
          prometheus.query("max without (__name__) (up)"), "the target is up");
      assertEquals(List.of(new PrometheusServer.Series(Map.of(), 6.0)),
          prometheus.query("scalar(lagless_test_total) * 2"), "a scalar result");
      assertEquals(List.of(), prometheus.query("lagless_no_such_series"));
      IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
          () -> prometheus.query("sum(lagless_test_total"));
      assertTrue(rejected.getMessage().contains("bad_data"), rejected.getMessage());
    } finally {
      target.stop(0);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Prometheus stopped by close()");
    assertTrue(ListeningSockets.addresses(port).isEmpty(), "its port is free again");
    assertFalse(Files.exists(directory), "its directory deleted");
  }
}
