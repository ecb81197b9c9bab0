package dev.lagless.servlet.advice;

import dev.lagless.bootstrap.ServletHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpServlet.service(ServletRequest, ServletResponse)} (javax and jakarta) and the container's
 * filter chain: the request and response reach the agent as plain objects.
 */
public final class ServletAdvice {

  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return ServletHooks.requestStarted(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope) {
    ServletHooks.requestEnded(scope);
  }
}
