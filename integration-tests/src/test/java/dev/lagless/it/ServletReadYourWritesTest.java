package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Browsers send no baggage (SPEC §3): a Spring Boot MVC application under the agent, driven by an HTTP
 * client that keeps cookies as a browser does, with both replicas paused. The user saves their profile,
 * is redirected to the dashboard, and sees the change (the {@code lagless_lsn} cookie brought the
 * token); a second client without the cookie reads a replica and sees the old value (so dashboards do
 * read replicas). With {@code LAGLESS_SESSION_KEY=header:X-User} and the cookie off, a request naming the
 * same user reads its write, from any client.
 */
class ServletReadYourWritesTest {

  private static LocalCluster cluster;
  private ForkedJvm.Running app;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE profiles (user_id text PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO profiles VALUES ('alice', 'old'), ('bob', 'old')");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void pauseReplicas() throws Exception {
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
  }

  @AfterEach
  void resumeReplicasAndStop() throws Exception {
    cluster.replica(0).resumeReplay();
    cluster.replica(1).resumeReplay();
    if (app != null) {
      app.kill();
    }
  }

  @Test
  void saveRedirectShowReadsTheSavedProfileThroughTheCookie() throws Exception {
    int port = startApp();
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/profile"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("user=alice&name=new")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), () -> page.body() + "\n" + String.join("\n", app.lines()) + app.stderr());
    assertTrue(page.uri().getPath().endsWith("/dashboard"), "the browser followed the redirect: " + page.uri());
    assertEquals("name=new port=" + cluster.primary().port(), page.body(),
        "after the redirect the dashboard shows the saved profile (replicas are paused: it read the primary)");

    List<HttpCookie> kept = cookies.getCookieStore().getCookies();
    HttpCookie token = kept.stream().filter(c -> c.getName().equals("lagless_lsn")).findFirst().orElseThrow(
        () -> new AssertionError("no lagless_lsn cookie: " + kept));
    assertTrue(token.getValue().matches("\\d+:1:[0-9A-F]+/[0-9A-F]+"), token.getValue());
    assertTrue(token.isHttpOnly(), "HttpOnly");

    HttpClient other = HttpClient.newHttpClient();
    String elsewhere = other.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard?user=alice"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(elsewhere.startsWith("name=old port=") && replicaPorts().contains(elsewhere.substring("name=old port=".length())),
        "a client without the cookie reads a replica, which has not replayed the save: " + elsewhere);
  }

  @Test
  void aSessionKeyFromARequestHeaderFollowsTheUserAcrossClients() throws Exception {
    int port = startApp("LAGLESS_SESSION_KEY", "header:X-User", "LAGLESS_COOKIE", "off");
    HttpClient first = HttpClient.newHttpClient();
    HttpResponse<String> saved = first.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/profile"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-User", "bob")
        .POST(HttpRequest.BodyPublishers.ofString("user=bob&name=new")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, saved.statusCode(), () -> saved.body() + "\n" + String.join("\n", app.lines()) + app.stderr());
    assertTrue(saved.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("lagless_lsn=")),
        "LAGLESS_COOKIE=off sets no cookie: " + saved.headers().allValues("Set-Cookie"));

    HttpClient second = HttpClient.newHttpClient();
    String mine = second.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard?user=bob"))
        .header("X-User", "bob").build(), HttpResponse.BodyHandlers.ofString()).body();
    assertEquals("name=new port=" + cluster.primary().port(), mine, "the same user, another client: reads its write");
    String theirs = second.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard?user=bob"))
        .header("X-User", "carol").build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(theirs.startsWith("name=old port=") && replicaPorts().contains(theirs.substring("name=old port=".length())),
        "another user reads a replica: " + theirs);
  }

  private static Set<String> replicaPorts() {
    return Set.of(String.valueOf(cluster.replica(0).port()), String.valueOf(cluster.replica(1).port()));
  }

  private int startApp(String... environment) throws Exception {
    ForkedJvm jvm = ProfileWebApps.withReplicas(ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent(), cluster)
        .env("LAGLESS_RYOW_WAIT", "100ms");
    for (int i = 0; i < environment.length; i += 2) {
      jvm.env(environment[i], environment[i + 1]);
    }
    app = ProfileWebApps.start(jvm, cluster);
    return ProfileWebApps.port(app);
  }
}
