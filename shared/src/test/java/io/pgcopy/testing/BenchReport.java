package io.pgcopy.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timings of the methods a benchmark compares, and the table of their medians and ratios. */
public final class BenchReport {
    /** Per method, the server's CPU use while it ran (1.0 = one core busy), when {@link BenchMode} watches it. */
    private static final Map<String, List<Double>> SERVER_BUSY = new LinkedHashMap<>();

    private BenchReport() {}

    public static void record(Map<String, List<Double>> rates, String method, long rows, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        rates.computeIfAbsent(method, k -> new ArrayList<>()).add(rows / seconds);
        ServerCpu cpu = BenchMode.serverCpu();
        if (cpu == null) {
            System.out.printf("  %-24s %8.2f s%n", method, seconds);
            return;
        }
        double busy = cpu.busySince(startNanos);
        SERVER_BUSY.computeIfAbsent(method, k -> new ArrayList<>()).add(busy);
        System.out.printf("  %-24s %8.2f s   server CPU %4.0f%% (%.2f s)%n", method, seconds, 100 * busy, busy * seconds);
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
        System.out.printf("mode: %s%n", BenchMode.description());
        System.out.printf("  %-24s %12s %10s %12s %12s%n", "method", "rows/s", "vs JDBC", "vs ceiling", "server CPU");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double r = median(e.getValue());
            List<Double> busy = SERVER_BUSY.get(e.getKey());
            String cpu = busy == null ? "-" : String.format("%.0f%%", 100 * median(busy));
            System.out.printf("  %-24s %,12.0f %9.2fx %11.0f%% %12s%n", e.getKey(), r, r / base, 100 * r / top, cpu);
        }
        System.out.println("  all runs (rows/s): " + rates.entrySet().stream()
                .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue().stream().mapToLong(Double::longValue).toArray()))
                .toList());
    }
}
