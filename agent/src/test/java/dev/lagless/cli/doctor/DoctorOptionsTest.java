package dev.lagless.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorOptionsTest {

  @Test
  void theUrlAndItsCredentialsWin() {
    DoctorOptions options = DoctorOptions.parse(List.of("--url",
        "jdbc:postgresql://db-primary:6432/shop?user=url-user&password=url-secret&sslmode=require"),
        Map.of("PGUSER", "env-user", "PGPASSWORD", "env-secret", "PGHOST", "elsewhere"));
    assertEquals("db-primary:6432", options.primary.toString());
    assertEquals("shop", options.database);
    assertEquals("url-user", options.user);
    assertEquals("url-secret", options.password);
    assertEquals(Map.of("sslmode", "require"), options.parameters, "credentials are not passed on as parameters");
  }

  @Test
  void withoutAUrlTheLibpqVariablesApply() {
    DoctorOptions options = DoctorOptions.parse(List.of("--user", "app"),
        Map.of("PGHOST", "10.0.0.5", "PGPORT", "5433", "PGPASSWORD", "s3cret"));
    assertEquals("10.0.0.5:5433", options.primary.toString());
    assertEquals("app", options.user);
    assertEquals("app", options.database, "libpq's default: the database named like the user");
    assertEquals("s3cret", options.password);
  }

  @Test
  void aPasswordOnTheCommandLineIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DoctorOptions.parse(List.of("--password", "x"), Map.of()));
    assertTrue(e.getMessage().contains("PGPASSWORD"), e.getMessage());
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThrows(IllegalArgumentException.class, () -> DoctorOptions.parse(List.of("--url"), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> DoctorOptions.parse(List.of("--url", "postgres://x"), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> DoctorOptions.parse(List.of("--verbose"), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> DoctorOptions.parse(List.of(), Map.of("PGPORT", "five")));
  }
}
