package dev.lagless.agent;

/** The agent's mode and configuration, set once at start, read by everything that comes later. */
final class AgentState {

  private static volatile Startup.Outcome outcome = new Startup.Outcome(Startup.Mode.PASS_THROUGH, null);

  private AgentState() {}

  static void set(Startup.Outcome started) {
    outcome = started;
  }

  static Startup.Outcome get() {
    return outcome;
  }
}
