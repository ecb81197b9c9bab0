package dev.lagless.bootstrap;

/**
 * The door between instrumented servlet containers (javax and jakarta) and the agent, like
 * {@link JdbcHooks}: the advice woven into {@code HttpServlet.service} and the container's filter chain
 * calls these static methods with the request and response as plain objects (no servlet type crosses
 * the bootstrap class path). Until the agent installs its handler, nothing happens.
 */
public final class ServletHooks {

  private static volatile Handler handler = Handler.NOOP;

  private ServletHooks() {}

  public static void install(Handler installed) {
    handler = installed == null ? Handler.NOOP : installed;
  }

  /** A request enters the servlet or filter chain; returns what {@link #requestEnded} needs, or null. */
  public static Object requestStarted(Object request, Object response) {
    return handler.requestStarted(request, response);
  }

  /** The call that {@link #requestStarted} saw has returned or thrown. */
  public static void requestEnded(Object scope) {
    if (scope != null) {
      handler.requestEnded(scope);
    }
  }

  /** What the agent does at each instrumented call; never throws into the container. */
  public interface Handler {

    Handler NOOP = new Handler() {};

    /** Null when the request is not one to follow (nested call, not HTTP, agent off). */
    default Object requestStarted(Object request, Object response) {
      return null;
    }

    default void requestEnded(Object scope) {}
  }
}
