package dev.lagless.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * PNG bar charts of a contenders run (XChart, drawn headless): per workload, throughput and p50 latency
 * of each contender, grouped by thread count. Contenders without a measurement in a workload are left
 * out of its chart (the tables say why).
 */
final class ContendersCharts {

  private ContendersCharts() {}

  static String fileName(String workload, String metric) {
    return "contenders-" + workload + "-" + metric + ".png";
  }

  static void write(List<Map<String, String>> rows, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    try {
      for (String workload : ContendersReport.distinct(rows, "workload")) {
        chart(rows, workload, "throughput", "throughput (operations/s, higher is better)", dir);
        chart(rows, workload, "p50_us", "p50 latency (µs, lower is better)", dir);
      }
    } catch (Error | RuntimeException e) {
      // AWT needs fonts (fontconfig and at least one font package): say what to install, not just fail.
      throw new IOException("charts not drawn (tables and CSV are written): " + e + "; on Debian: apt-get install"
          + " fontconfig fonts-dejavu-core", e);
    }
  }

  private static void chart(List<Map<String, String>> rows, String workload, String column, String title, Path dir)
      throws IOException {
    List<String> threadCounts = new ArrayList<>(ContendersReport.distinct(rows, "threads"));
    CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
        .title(workload + ": " + title).xAxisTitle("threads").yAxisTitle(title.substring(0, title.indexOf(" (")))
        .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (String contender : ContendersReport.contenders(rows)) {
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (String threads : threadCounts) {
        Map<String, String> row = ContendersReport.find(rows, contender, workload, threads);
        x.add(threads);
        y.add(row == null ? 0.0 : Double.parseDouble(row.get(column)));
      }
      if (y.stream().anyMatch(value -> value > 0)) {
        chart.addSeries(contender, x, y);
      }
    }
    String file = fileName(workload, column.equals("p50_us") ? "p50" : column);
    BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
