package dev.lagless.cluster.ha;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP to Patroni's REST API and etcd's health endpoint, on 127.0.0.1. Short timeouts: a member that
 * does not answer within a second is as good as down for every check here, and a hung call must not
 * eat a test's whole deadline.
 */
final class Rest {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** A switchover returns only once Patroni has demoted the leader and promoted the candidate. */
  private static final Duration SWITCHOVER_TIMEOUT = Duration.ofSeconds(60);

  // HTTP/1.1: Patroni's server is Python's http.server, which knows nothing of an h2c upgrade. The JDK
  // client's own threads are daemons, so an unclosed client never keeps the JVM alive.
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  /** An answer: status and body. */
  static final class Answer {
    final int status;
    final String body;

    Answer(int status, String body) {
      this.status = status;
      this.body = body;
    }

    Map<String, Object> json() {
      return Json.object(body);
    }
  }

  /** GET {@code http://ENDPOINT/PATH}, whatever its status (Patroni answers health checks with 503). */
  Answer get(String endpoint, String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(endpoint, path)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  /** GET that must answer 200 with a JSON object. */
  Map<String, Object> getJson(String endpoint, String path) throws IOException {
    Answer answer = get(endpoint, path);
    if (answer.status != 200) {
      throw new IOException("GET http://" + endpoint + path + ": " + answer.status + " " + answer.body);
    }
    try {
      return answer.json();
    } catch (IllegalArgumentException e) {
      throw new IOException("GET http://" + endpoint + path + ": " + e.getMessage(), e);
    }
  }

  /** POST of a JSON body, for actions that may take a while (a switchover); throws unless 2xx. */
  Answer post(String endpoint, String path, String json) throws IOException {
    Answer answer = send(HttpRequest.newBuilder(uri(endpoint, path))
        .timeout(SWITCHOVER_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
    if (answer.status / 100 != 2) {
      throw new IOException("POST http://" + endpoint + path + " " + json + ": " + answer.status + " " + answer.body);
    }
    return answer;
  }

  private Answer send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  private static URI uri(String endpoint, String path) {
    return URI.create("http://" + endpoint + path);
  }
}
