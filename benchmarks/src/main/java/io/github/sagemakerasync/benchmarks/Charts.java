package io.github.sagemakerasync.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The run's chart, one PNG of two panels: submit latency (p50) by path, and result drain rates, this run beside the
 * figures of an earlier run when one is given (the "before" of a change).
 */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Charts() {
    }

    /**
     * @param before figures.json of an earlier run, or null
     * @param beforeLabel what the earlier run was (a commit), shown in the legend
     */
    static void write(Report report, Settings settings, Map<String, Object> before, String beforeLabel, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BitmapEncoder.saveBitmap(List.of(submitLatency(report, settings), drain(report, before, beforeLabel)), 1, 2,
                file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart submitLatency(Report report, Settings settings) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Submit latency, p50 (ms)").xAxisTitle("payload, added round trip").yAxisTitle("ms").build();
        style(chart);
        List<String> categories = new ArrayList<>();
        for (Duration roundTrip : settings.roundTrips()) {
            for (int size : SubmitLatency.SIZES) {
                categories.add(size / 1024 + " KB, " + roundTrip.toMillis() + " ms");
            }
        }
        for (String path : List.of(SubmitLatency.RAW, SubmitLatency.INLINE, SubmitLatency.S3, SubmitLatency.TRADITIONAL)) {
            List<Double> values = new ArrayList<>();
            for (Duration roundTrip : settings.roundTrips()) {
                for (int size : SubmitLatency.SIZES) {
                    values.add(report.figure("submit " + roundTrip.toMillis() + " ms " + size / 1024 + " KB " + path + " p50"));
                }
            }
            chart.addSeries(path, categories, values);
        }
        return chart;
    }

    private static CategoryChart drain(Report report, Map<String, Object> before, String beforeLabel) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Result drain (results/s)").xAxisTitle("way").yAxisTitle("results/s").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> ways = List.of(ResultDrain.RAW, ResultDrain.CONSUMER, ResultDrain.ONE_READ);
        List<String> categories = List.of("raw SDK loop", "consumer, defaults", "consumer, 1 read at a time");
        if (before != null) {
            List<Double> values = new ArrayList<>();
            for (String way : ways) {
                Object value = before.get("drain " + way + " results/s");
                values.add(value instanceof Number number ? number.doubleValue() : 0.0);
            }
            chart.addSeries("before (" + beforeLabel + ")", categories, values);
        }
        List<Double> values = new ArrayList<>();
        for (String way : ways) {
            values.add(report.figure("drain " + way + " results/s"));
        }
        chart.addSeries(before == null ? "this run" : "after (this run)", categories, values);
        return chart;
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setDecimalPattern("#,##0.#");
    }
}
