package dev.lagless.it.backends;

import java.util.Map;

/** One log record as an {@link OtlpReceiver} received it; ids lowercase hex, empty outside a span. */
public record ReceivedLog(String body, String severityText, int severityNumber, String traceId, String spanId,
    String scopeName, Map<String, Object> resourceAttributes, Map<String, Object> attributes) {}
