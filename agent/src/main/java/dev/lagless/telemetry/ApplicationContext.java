package dev.lagless.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The current span of an application that uses the OpenTelemetry API itself, without the
 * OpenTelemetry Java agent: its API classes live in its own class loader and share nothing with
 * Lagless's copy, so its current span is read through method handles (found once per class loader)
 * and becomes the parent of Lagless's spans, which then join the application's trace. Without the
 * API in the application, or when anything fails, Lagless's own current context is used.
 */
final class ApplicationContext implements CallerContext {

  private static final String SPAN = "io.opentelemetry.api.trace.Span";

  /** The handles for the last class loader seen: applications almost always have one. */
  private volatile Handles last;

  @Override
  public Context parent() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return Context.current();
    }
    Handles handles = last;
    if (handles == null || handles.loader != loader) {
      handles = Handles.find(loader);
      last = handles;
    }
    if (handles.current == null) {
      return Context.current();
    }
    try {
      Object spanContext = handles.spanContext.invoke(handles.current.invoke());
      if (!(boolean) handles.isValid.invoke(spanContext)) {
        return Context.current();
      }
      SpanContext parent = SpanContext.createFromRemoteParent((String) handles.traceId.invoke(spanContext),
          (String) handles.spanId.invoke(spanContext), TraceFlags.fromByte((byte) handles.flags.invoke(spanContext)),
          TraceState.getDefault());
      return Context.root().with(Span.wrap(parent));
    } catch (Throwable e) {
      return Context.current();
    }
  }

  /** Method handles on one class loader's copy of the OpenTelemetry API; all null when it has none. */
  private static final class Handles {
    final ClassLoader loader;
    final MethodHandle current;
    final MethodHandle spanContext;
    final MethodHandle isValid;
    final MethodHandle traceId;
    final MethodHandle spanId;
    final MethodHandle flags;

    private Handles(ClassLoader loader, MethodHandle current, MethodHandle spanContext, MethodHandle isValid,
        MethodHandle traceId, MethodHandle spanId, MethodHandle flags) {
      this.loader = loader;
      this.current = current;
      this.spanContext = spanContext;
      this.isValid = isValid;
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
    }

    static Handles find(ClassLoader loader) {
      try {
        Class<?> span = Class.forName(SPAN, false, loader);
        if (span.getClassLoader() == Span.class.getClassLoader()) {
          return none(loader); // our own copy: nothing to bridge
        }
        Class<?> spanContext = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
        Class<?> traceFlags = Class.forName("io.opentelemetry.api.trace.TraceFlags", false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle flags = MethodHandles.filterReturnValue(
            lookup.findVirtual(spanContext, "getTraceFlags", MethodType.methodType(traceFlags)),
            lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class)));
        return new Handles(loader,
            lookup.findStatic(span, "current", MethodType.methodType(span)),
            lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext)),
            lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class)),
            lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class)),
            lookup.findVirtual(spanContext, "getSpanId", MethodType.methodType(String.class)),
            flags);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return none(loader);
      }
    }

    private static Handles none(ClassLoader loader) {
      return new Handles(loader, null, null, null, null, null, null);
    }
  }
}
