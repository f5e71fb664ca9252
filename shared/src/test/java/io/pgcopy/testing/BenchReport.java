package io.pgcopy.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Timings of the methods a benchmark compares, and the table of their medians and ratios. */
public final class BenchReport {
    private BenchReport() {}

    public static void record(Map<String, List<Double>> rates, String method, long rows, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        rates.computeIfAbsent(method, k -> new ArrayList<>()).add(rows / seconds);
        System.out.printf("  %-24s %8.2f s%n", method, seconds);
    }

    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Prints each method's median rows/s and its ratios to the {@code baseline} and the {@code ceiling}
     * methods; {@code setup} says how the rows ran, e.g. "2 partitions, local[2]".
     */
    public static void print(String what, long rows, String setup, int runs, Map<String, List<Double>> rates,
            String baseline, String ceiling) {
        double base = median(rates.get(baseline));
        double top = median(rates.get(ceiling));
        System.out.printf("%n%s %,d lineitem rows, %s, median of %d runs%n", what, rows, setup, runs);
        System.out.printf("  %-24s %12s %10s %12s%n", "method", "rows/s", "vs JDBC", "vs ceiling");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double r = median(e.getValue());
            System.out.printf("  %-24s %,12.0f %9.2fx %11.0f%%%n", e.getKey(), r, r / base, 100 * r / top);
        }
        System.out.println("  all runs (rows/s): " + rates.entrySet().stream()
                .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue().stream().mapToLong(Double::longValue).toArray()))
                .toList());
    }
}
