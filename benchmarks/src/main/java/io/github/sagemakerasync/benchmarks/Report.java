package io.github.sagemakerasync.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;

/**
 * The figures of one run: tables for the reader (Markdown), the targets with whether each was met, and every figure by
 * name (figures.json, read by the chart and kept to compare runs).
 */
final class Report {

    private final List<Table> tables = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> header = new ArrayList<>();

    /** A line of the run's description (machine, command...), printed before the tables. */
    void describe(String line) {
        header.add(line);
    }

    Table table(String title, String... columns) {
        Table table = new Table(title, List.of(columns));
        tables.add(table);
        return table;
    }

    void figure(String name, double value) {
        figures.put(name, value);
    }

    double figure(String name) {
        Object value = figures.get(name);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    /** A target of the issue: met when {@code value} is at most (or, with {@code atLeast}, at least) {@code limit}. */
    void target(String what, double value, boolean atLeast, double limit, String format) {
        boolean met = atLeast ? value >= limit : value <= limit;
        targets.add("| " + what + " | " + String.format(Locale.ROOT, format, value) + " | " + (atLeast ? "≥ " : "≤ ")
                + String.format(Locale.ROOT, format, limit) + " | " + (met ? "met" : "**missed**") + " |");
        figures.put("target: " + what, met);
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append(line).append('\n'));
        text.append('\n');
        if (!targets.isEmpty()) {
            text.append("### Targets\n\n| target | measured | wanted | |\n|---|---|---|---|\n");
            targets.forEach(line -> text.append(line).append('\n'));
            text.append('\n');
        }
        tables.forEach(table -> table.appendTo(text));
        return text.toString();
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("figures.json"), new JsonObject(figures).toJson() + "\n", StandardCharsets.UTF_8);
    }

    /** One table: a title, its columns, rows and notes below it. */
    static final class Table {
        private final String title;
        private final List<String> columns;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Table(String title, List<String> columns) {
            this.title = title;
            this.columns = columns;
        }

        Table row(Object... cells) {
            List<String> row = new ArrayList<>();
            for (Object cell : cells) {
                row.add(cell instanceof Double number ? format(number) : String.valueOf(cell));
            }
            rows.add(row);
            return this;
        }

        Table note(String note) {
            notes.add(note);
            return this;
        }

        private void appendTo(StringBuilder text) {
            text.append("### ").append(title).append("\n\n| ").append(String.join(" | ", columns)).append(" |\n|");
            columns.forEach(column -> text.append("---|"));
            text.append('\n');
            rows.forEach(row -> text.append("| ").append(String.join(" | ", row)).append(" |\n"));
            text.append('\n');
            notes.forEach(note -> text.append(note).append("\n\n"));
        }
    }

    /** Two significant decimals for small figures, none for large ones. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** The median of measures, with their range when there are several: "936 (880–1,012)". */
    static String spread(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        String median = format(median(sorted));
        return sorted.size() < 2 ? median : median + " (" + format(sorted.get(0)) + "–" + format(sorted.get(sorted.size() - 1)) + ")";
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** A ratio, as "0.98×". */
    static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f×", value);
    }
}
