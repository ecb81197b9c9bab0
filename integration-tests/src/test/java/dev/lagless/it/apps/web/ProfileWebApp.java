package dev.lagless.it.apps.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A Spring Boot MVC application that knows nothing of Lagless: people save their profile (a form POST
 * handled by a {@code @Transactional} service), are redirected to their dashboard, which reads it back.
 * Also a service that saves and then calls another service over HTTP (the JDK's client), returning
 * what that service answered. Every page says which server port ran its read
 * ({@code inet_server_port()}). Prints {@code listening port=N} once it serves.
 */
@SpringBootApplication
public class ProfileWebApp implements ApplicationListener<WebServerInitializedEvent> {

  public static void main(String[] args) {
    SpringApplication.run(ProfileWebApp.class, args);
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    System.out.println("listening port=" + event.getWebServer().getPort());
  }

  @Service
  public static class Profiles {
    private final JdbcTemplate jdbc;

    public Profiles(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional
    public void save(String user, String name) {
      jdbc.update("INSERT INTO profiles (user_id, name) VALUES (?, ?)"
          + " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name", user, name);
    }

    /** The same write without a transaction: JdbcTemplate in auto-commit. */
    public void saveAutoCommit(String user, String name) {
      jdbc.update("INSERT INTO profiles (user_id, name) VALUES (?, ?)"
          + " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name", user, name);
    }

    /** Auto-commit read: what a dashboard shows, and where it was read. */
    public String show(String user) {
      Map<String, Object> row = jdbc.queryForMap(
          "SELECT (SELECT name FROM profiles WHERE user_id = ?) AS name, inet_server_port() AS port", user);
      return "name=" + row.get("name") + " port=" + row.get("port");
    }
  }

  @Controller
  public static class Pages {
    private final Profiles profiles;
    private final HttpClient http = HttpClient.newHttpClient();

    public Pages(Profiles profiles) {
      this.profiles = profiles;
    }

    @PostMapping("/profile")
    public String saveProfile(@RequestParam("user") String user, @RequestParam("name") String name) {
      profiles.save(user, name);
      return "redirect:/dashboard?user=" + user;
    }

    @GetMapping("/dashboard")
    @ResponseBody
    public String dashboard(@RequestParam("user") String user,
        @org.springframework.web.bind.annotation.RequestHeader(value = "baggage", required = false) String baggage) {
      System.out.println("dashboard user=" + user + " baggage=" + baggage); // what came in, for the tests
      return profiles.show(user);
    }

    /**
     * Saves ({@code write}: {@code transaction}, the default; {@code autocommit}; or {@code none}, no
     * write at all), then asks another service's dashboard (over HTTP) what it reads.
     */
    @PostMapping("/save-and-call")
    @ResponseBody
    public String saveAndCall(@RequestParam("user") String user, @RequestParam("name") String name,
        @RequestParam("downstream") String downstream,
        @RequestParam(value = "write", defaultValue = "transaction") String write) throws Exception {
      if (write.equals("transaction")) {
        profiles.save(user, name);
      } else if (write.equals("autocommit")) {
        profiles.saveAutoCommit(user, name);
      }
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(downstream)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return answer.body();
    }
  }
}
