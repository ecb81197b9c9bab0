package dev.lagless.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/**
 * Which servlet classes are woven, and how. {@code HttpServlet.service(ServletRequest,
 * ServletResponse)} of both namespaces is where every servlet container hands a request to the
 * application; Tomcat's {@code ApplicationFilterChain.doFilter} comes before it, so on Tomcat (and
 * Spring Boot's default) the filters' statements are covered too. Matched by exact name: no type
 * hierarchy is searched while the application's classes load.
 */
public final class ServletInstrumentation {

  private static final String JAVAX = "javax.servlet.";
  private static final String JAKARTA = "jakarta.servlet.";
  public static final String JAVAX_SERVLET = JAVAX + "http.HttpServlet";
  public static final String JAKARTA_SERVLET = JAKARTA + "http.HttpServlet";
  public static final String TOMCAT_FILTER_CHAIN = "org.apache.catalina.core.ApplicationFilterChain";

  /** The classes to weave, in the internal form a class file transformer is given. */
  public static final Set<String> INTERNAL_NAMES = Set.of(JAVAX_SERVLET.replace('.', '/'),
      JAKARTA_SERVLET.replace('.', '/'), TOMCAT_FILTER_CHAIN.replace('.', '/'));

  private ServletInstrumentation() {}

  public static DynamicType.Builder<?> servlet(DynamicType.Builder<?> builder, Advice advice) {
    return builder.visit(advice.on(named("service").and(takesArguments(2))
        .and(takesArgument(0, named(JAVAX + "ServletRequest")).or(takesArgument(0, named(JAKARTA + "ServletRequest"))))));
  }

  public static DynamicType.Builder<?> filterChain(DynamicType.Builder<?> builder, Advice advice) {
    return builder.visit(advice.on(named("doFilter").and(takesArguments(2))));
  }
}
