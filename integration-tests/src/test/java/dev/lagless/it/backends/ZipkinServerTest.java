package dev.lagless.it.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The real Zipkin server stores a hand-written v2 span and {@link ZipkinServer} reads it back. */
class ZipkinServerTest {

  private static final String SERVICE = "lagless-backends-test";

  @Test
  void returnsPostedSpansAsOneTraceWithTagsAndEndpoints() throws Exception {
    long pid;
    int port;
    try (ZipkinServer zipkin = ZipkinServer.start()) {
      pid = zipkin.pid();
      port = zipkin.port();
      assertEquals(Set.of("127.0.0.1"), ListeningSockets.addresses(port), "Zipkin listens on 127.0.0.1 alone");

      String traceId = hex(16);
      String rootId = hex(8);
      String childId = hex(8);
      long now = System.currentTimeMillis() * 1000;
      String spans = "[{\"traceId\":\"" + traceId + "\",\"id\":\"" + rootId + "\",\"name\":\"get /profile\","
          + "\"kind\":\"SERVER\",\"timestamp\":" + now + ",\"duration\":5000,"
          + "\"localEndpoint\":{\"serviceName\":\"" + SERVICE + "\"}},"
          + "{\"traceId\":\"" + traceId + "\",\"id\":\"" + childId + "\",\"parentId\":\"" + rootId + "\","
          + "\"name\":\"select lagless\",\"kind\":\"CLIENT\",\"timestamp\":" + (now + 1000) + ",\"duration\":1500,"
          + "\"localEndpoint\":{\"serviceName\":\"" + SERVICE + "\"},"
          + "\"remoteEndpoint\":{\"ipv4\":\"127.0.0.1\",\"port\":5433},"
          + "\"tags\":{\"lagless.route\":\"replica\",\"lagless.reason\":\"read_only_tx\"}}]";
      HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(zipkin.spansEndpoint())).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(spans)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, posted.statusCode(), posted.body());

      List<List<ZipkinServer.Span>> traces = zipkin.awaitTraces(SERVICE,
          found -> found.stream().anyMatch(trace -> trace.size() == 2), Duration.ofSeconds(30));
      assertEquals(1, traces.size(), traces::toString);
      List<ZipkinServer.Span> trace = traces.get(0);
      ZipkinServer.Span root = span(trace, rootId);
      ZipkinServer.Span child = span(trace, childId);
      assertEquals(traceId, child.traceId());
      assertNull(root.parentId());
      assertEquals(rootId, child.parentId());
      assertEquals("select lagless", child.name());
      assertEquals("CLIENT", child.kind());
      assertEquals(now + 1000, child.timestampMicros());
      assertEquals(1500, child.durationMicros());
      assertEquals(SERVICE, child.localServiceName());
      assertEquals(new ZipkinServer.Endpoint(null, "127.0.0.1", null, 5433), child.remoteEndpoint());
      assertEquals(Map.of("lagless.route", "replica", "lagless.reason", "read_only_tx"), child.tags());
      assertNull(root.remoteEndpoint());

      assertEquals(List.of(), zipkin.traces("no-such-service"));
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Zipkin stopped by close()");
    assertTrue(ListeningSockets.addresses(port).isEmpty(), "its port is free again");
  }

  private static ZipkinServer.Span span(List<ZipkinServer.Span> trace, String id) {
    return trace.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + id + " in " + trace));
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
