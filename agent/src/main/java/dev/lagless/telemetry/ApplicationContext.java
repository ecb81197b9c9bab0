package dev.lagless.telemetry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * The current span and baggage of an application that uses the OpenTelemetry API itself, without the
 * OpenTelemetry Java agent: its API classes live in its own class loader and share nothing with
 * Lagless's copy, so they are read through method handles (found once per class loader) and copied
 * into a context of this copy: the span becomes the parent of Lagless's spans (which then join the
 * application's trace), the baggage is what routing reads ({@code lagless.primary}, the session key).
 * Without the API in the application, or when anything fails, Lagless's own current context is used.
 */
final class ApplicationContext implements CallerContext {

  private static final String SPAN = "io.opentelemetry.api.trace.Span";

  /** The handles for the last class loader seen: applications almost always have one. */
  private volatile Handles last;

  @Override
  public Context current() {
    Context own = Context.current();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return own;
    }
    Handles handles = last;
    if (handles == null || handles.loader != loader) {
      handles = Handles.find(loader);
      last = handles;
    }
    if (handles.currentSpan == null) {
      return own;
    }
    try {
      return withBaggage(withSpan(own, handles), handles);
    } catch (Throwable e) {
      return own;
    }
  }

  private static Context withSpan(Context context, Handles handles) throws Throwable {
    Object spanContext = handles.spanContext.invoke(handles.currentSpan.invoke());
    if (!(boolean) handles.isValid.invoke(spanContext)) {
      return context;
    }
    SpanContext parent = SpanContext.createFromRemoteParent((String) handles.traceId.invoke(spanContext),
        (String) handles.spanId.invoke(spanContext), TraceFlags.fromByte((byte) handles.flags.invoke(spanContext)),
        TraceState.getDefault());
    return context.with(Span.wrap(parent));
  }

  private static Context withBaggage(Context context, Handles handles) throws Throwable {
    Object baggage = handles.currentBaggage.invoke();
    if ((boolean) handles.isEmpty.invoke(baggage)) {
      return context;
    }
    BaggageBuilder copy = Baggage.fromContext(context).toBuilder();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) handles.asMap.invoke(baggage)).entrySet()) {
      copy.put((String) entry.getKey(), (String) handles.entryValue.invoke(entry.getValue()));
    }
    return context.with(copy.build());
  }

  /** Method handles on one class loader's copy of the OpenTelemetry API; all null when it has none. */
  private static final class Handles {
    final ClassLoader loader;
    final MethodHandle currentSpan;
    final MethodHandle spanContext;
    final MethodHandle isValid;
    final MethodHandle traceId;
    final MethodHandle spanId;
    final MethodHandle flags;
    final MethodHandle currentBaggage;
    final MethodHandle isEmpty;
    final MethodHandle asMap;
    final MethodHandle entryValue;

    private Handles(ClassLoader loader, MethodHandle... handles) {
      this.loader = loader;
      this.currentSpan = handles[0];
      this.spanContext = handles[1];
      this.isValid = handles[2];
      this.traceId = handles[3];
      this.spanId = handles[4];
      this.flags = handles[5];
      this.currentBaggage = handles[6];
      this.isEmpty = handles[7];
      this.asMap = handles[8];
      this.entryValue = handles[9];
    }

    static Handles find(ClassLoader loader) {
      try {
        Class<?> span = Class.forName(SPAN, false, loader);
        if (span.getClassLoader() == Span.class.getClassLoader()) {
          return none(loader); // our own copy: nothing to bridge
        }
        Class<?> spanContext = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
        Class<?> traceFlags = Class.forName("io.opentelemetry.api.trace.TraceFlags", false, loader);
        Class<?> baggage = Class.forName("io.opentelemetry.api.baggage.Baggage", false, loader);
        Class<?> baggageEntry = Class.forName("io.opentelemetry.api.baggage.BaggageEntry", false, loader);
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
            flags,
            lookup.findStatic(baggage, "current", MethodType.methodType(baggage)),
            lookup.findVirtual(baggage, "isEmpty", MethodType.methodType(boolean.class)),
            lookup.findVirtual(baggage, "asMap", MethodType.methodType(Map.class)),
            lookup.findVirtual(baggageEntry, "getValue", MethodType.methodType(String.class)));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return none(loader);
      }
    }

    private static Handles none(ClassLoader loader) {
      return new Handles(loader, new MethodHandle[10]);
    }
  }
}
