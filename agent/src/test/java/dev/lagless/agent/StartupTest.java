package dev.lagless.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.config.ConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final List<Integer> exits = new ArrayList<>();
  private final Startup startup =
      new Startup(new PrintStream(printed, true, StandardCharsets.UTF_8), exits::add);

  @Test
  void validSettingsPrintOneStartLineAndActivate() {
    Startup.Outcome outcome = startup.run(ConfigSource.of(Map.of("LAGLESS_REPLICAS", "r1:5433"), Map.of()));
    assertEquals(Startup.Mode.ACTIVE, outcome.mode);
    List<String> lines = lines();
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).startsWith("[lagless] Lagless " + Version.current() + " enabled"), lines.get(0));
    assertTrue(lines.get(0).contains("replicas=[r1:5433]"));
    assertTrue(exits.isEmpty());
  }

  @Test
  void aBadSettingMeansPassThroughWithOneLine() {
    Startup.Outcome outcome = startup.run(ConfigSource.of(Map.of("LAGLESS_BALANCE", "fastest"), Map.of()));
    assertEquals(Startup.Mode.PASS_THROUGH, outcome.mode);
    List<String> lines = lines();
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).startsWith("[lagless] LAGLESS_BALANCE=fastest is invalid: expected one of"), lines.get(0));
    assertTrue(lines.get(0).contains("pass-through mode"));
    assertTrue(exits.isEmpty());
  }

  @Test
  void failFastExitsWithStatusTwo() {
    startup.run(ConfigSource.of(Map.of("LAGLESS_BALANCE", "fastest", "LAGLESS_FAIL_FAST", "true"), Map.of()));
    assertEquals(List.of(2), exits);
    assertTrue(lines().get(0).contains("exiting with status 2 (LAGLESS_FAIL_FAST=true)"));
  }

  @Test
  void disabledSaysSo() {
    Startup.Outcome outcome = startup.run(ConfigSource.of(Map.of("LAGLESS_ENABLED", "false"), Map.of()));
    assertEquals(Startup.Mode.DISABLED, outcome.mode);
    assertEquals(1, lines().size());
    assertTrue(lines().get(0).contains("disabled by LAGLESS_ENABLED=false"));
  }

  private List<String> lines() {
    String text = printed.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
