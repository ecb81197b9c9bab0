package dev.lagless.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * An application with an OpenTelemetry API of its own (a second copy, in its own class loader, as
 * beside Lagless's isolated one): its current span and baggage are what Lagless sees as the caller's.
 */
class ApplicationContextTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";

  /** A class loader with its own copy of the OpenTelemetry API (not delegating to this test's). */
  private static URLClassLoader applicationApi() throws Exception {
    List<URL> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("opentelemetry-api-") || name.startsWith("opentelemetry-context-")
          || name.startsWith("opentelemetry-common-")) {
        jars.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** Runs {@code body} with the application's span and baggage current, the application's loader as TCCL. */
  private static <T> T insideApplicationScope(ClassLoader app, String baggageKey, String baggageValue,
      Callable<T> body) throws Exception {
    Class<?> spanContext = app.loadClass("io.opentelemetry.api.trace.SpanContext");
    Class<?> traceFlags = app.loadClass("io.opentelemetry.api.trace.TraceFlags");
    Class<?> traceState = app.loadClass("io.opentelemetry.api.trace.TraceState");
    Object context = spanContext.getMethod("create", String.class, String.class, traceFlags, traceState)
        .invoke(null, TRACE, SPAN, traceFlags.getMethod("getSampled").invoke(null),
            traceState.getMethod("getDefault").invoke(null));
    Object span = app.loadClass("io.opentelemetry.api.trace.Span").getMethod("wrap", spanContext).invoke(null, context);
    Object builder = app.loadClass("io.opentelemetry.api.baggage.Baggage").getMethod("builder").invoke(null);
    Method put = builder.getClass().getMethod("put", String.class, String.class);
    put.setAccessible(true);
    put.invoke(builder, baggageKey, baggageValue);
    Method build = builder.getClass().getMethod("build");
    build.setAccessible(true);
    Object baggage = build.invoke(builder);
    Class<?> implicit = app.loadClass("io.opentelemetry.context.ImplicitContextKeyed");
    Method makeCurrent = implicit.getMethod("makeCurrent");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(app);
    try (AutoCloseable spanScope = (AutoCloseable) makeCurrent.invoke(span);
        AutoCloseable baggageScope = (AutoCloseable) makeCurrent.invoke(baggage)) {
      return body.call();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void theApplicationsSpanAndBaggageAreTheCallers() throws Exception {
    try (URLClassLoader app = applicationApi()) {
      ApplicationContext caller = new ApplicationContext();
      Context seen = insideApplicationScope(app, "lagless.primary", "true", caller::current);
      SpanContext parent = Span.fromContext(seen).getSpanContext();
      assertEquals(TRACE, parent.getTraceId());
      assertEquals(SPAN, parent.getSpanId());
      assertEquals("true", Baggage.fromContext(seen).getEntryValue("lagless.primary"));
      // Not through this copy's own current context: the application's scopes are in its copy only.
      assertFalse(Span.current().getSpanContext().isValid());
      assertNull(Baggage.current().getEntryValue("lagless.primary"));
    }
  }

  @Test
  void outsideTheApplicationsScopesNothingIsAdded() throws Exception {
    try (URLClassLoader app = applicationApi()) {
      ApplicationContext caller = new ApplicationContext();
      insideApplicationScope(app, "user.id", "u-7", caller::current); // handles found for this loader
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(app);
      try {
        Context seen = caller.current();
        assertFalse(Span.fromContext(seen).getSpanContext().isValid());
        assertNull(Baggage.fromContext(seen).getEntryValue("user.id"));
      } finally {
        thread.setContextClassLoader(before);
      }
    }
  }

  @Test
  void anApplicationWithoutTheApiGetsThisCopysContext() {
    ApplicationContext caller = new ApplicationContext();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader()));
    try (var ignored = Baggage.builder().put("user.id", "own").build().makeCurrent()) {
      Context seen = caller.current();
      assertSame(Context.current(), seen);
      assertEquals("own", Baggage.fromContext(seen).getEntryValue("user.id"));
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
