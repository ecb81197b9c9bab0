package dev.lagless.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent inside the sample application reports, read the way Prometheus reads it: its
 * {@code /metrics} endpoint ({@code OTEL_METRICS_EXPORTER=prometheus}), in the text format.
 */
final class LaglessMetrics {

  static final LaglessMetrics NONE = new LaglessMetrics(List.of());

  private final List<Sample> samples;

  private LaglessMetrics(List<Sample> samples) {
    this.samples = samples;
  }

  /** Reads the endpoint; {@link #NONE} while it does not answer (the application is starting). */
  static LaglessMetrics scrape(int port) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try (InputStream in = connection.getInputStream()) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return NONE;
    }
  }

  static LaglessMetrics parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Sample sample = Sample.parse(line);
      if (sample != null) {
        samples.add(sample);
      }
    }
    return new LaglessMetrics(samples);
  }

  /** The sum of every series of {@code name} whose labels include {@code label=value} (a null label: all). */
  double sum(String name, String label, String value) {
    double total = 0;
    for (Sample sample : samples) {
      if (sample.name.equals(name) && (label == null || value.equals(sample.labels.get(label)))) {
        total += sample.value;
      }
    }
    return total;
  }

  /** The sum of the histogram buckets {@code name} whose upper bound ({@code le}) is {@code bound}. */
  double bucket(String name, double bound) {
    double total = 0;
    for (Sample sample : samples) {
      String le = sample.labels.get("le");
      if (sample.name.equals(name) && le != null && !le.equals("+Inf") && Double.parseDouble(le) == bound) {
        total += sample.value;
      }
    }
    return total;
  }

  /** The value of {@code name} for one replica (label {@code server_port}), or NaN when not reported. */
  double forPort(String name, int port) {
    for (Sample sample : samples) {
      if (sample.name.equals(name) && String.valueOf(port).equals(sample.labels.get("server_port"))) {
        return sample.value;
      }
    }
    return Double.NaN;
  }

  private static final class Sample {
    final String name;
    final Map<String, String> labels;
    final double value;

    private Sample(String name, Map<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }

    static Sample parse(String line) {
      try {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new HashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
          name = line.substring(0, brace);
          int close = line.lastIndexOf('}');
          for (String pair : line.substring(brace + 1, close).split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
              labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim().replace("\"", ""));
            }
          }
          space = line.indexOf(' ', close);
        } else {
          name = line.substring(0, line.indexOf(' '));
          space = line.indexOf(' ');
        }
        String rest = line.substring(space + 1).trim();
        int end = rest.indexOf(' ');
        return new Sample(name, labels, Double.parseDouble(end < 0 ? rest : rest.substring(0, end)));
      } catch (RuntimeException e) {
        return null;
      }
    }
  }
}
