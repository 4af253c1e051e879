package dev.isopool.bench;

import com.caoccao.javet.interop.V8Host;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.api.RequestParser;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.engine.EngineEvents;
import dev.isopool.runtime.engine.ExecutionResult;
import dev.isopool.runtime.engine.PreludeCost;
import dev.isopool.runtime.engine.QueueCost;
import dev.isopool.runtime.engine.SandboxEngine;
import dev.isopool.runtime.engine.V8Platform;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the execution features of issue 12 cost per execution of the seed workload, each beside
 * the baseline it adds to, in one run: the workload in a fresh context (the isolated execution a
 * request without a tenant gets) with and without one {@code console.log}; the CPU clock reads an
 * execution now makes, timed against the workload's own CPU; and the fair queue's hand-off against
 * the single FIFO it replaced ({@link QueueCost}). CPU is the whole process's, so a context's
 * reset after each answer is counted too. Prints a Markdown table; asserts nothing.
 *
 * <p>Run: {@code ./isopool bench features [--rounds N] [--executions N]}.
 */
public final class FeatureCostBench {
    static final String WORKLOAD = "(a, b, c) => a.reduce((acc, x) => acc + x, b) + c.length";
    /** CPU clock reads an execution makes for cpuUs and the CPU limit (the worker's own for the contention are older). */
    static final int CLOCK_READS_PER_EXECUTION = 4;
    /** Executions of one variant in a row before the next variant's. */
    static final int BLOCK = 50;

    private FeatureCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int executions = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--executions" -> executions = Integer.parseInt(args[++i]);
                case "--help" -> {
                    System.out.println("usage: ./isopool bench features [--rounds N (5)] [--executions N (2000)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--help)");
            }
        }
        String ints = IntStream.rangeClosed(10, 90).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String script = "(" + WORKLOAD + ")([" + ints + "], 4, 'xy')";
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("seed workload, fresh context", script);
        variants.put("+ console.log('sum', s)", "const s = " + script + "; console.log('sum', s); s");
        variants.put("+ console.log({s}) (the formatter)", "const s = " + script + "; console.log({s}); s");

        RuntimeSettings settings = RuntimeSettings.fromEnvironment(Map.of("ISOPOOL_WORKERS", "1"), 128);
        V8Platform.EffectiveFlags flags = V8Platform.start(128, List.of(), 1024);
        ObjectMapper mapper = new ObjectMapper();
        RequestParser parser = new RequestParser(mapper, settings);
        Map<String, List<Double>> cpuUs = new LinkedHashMap<>();
        // The bare loops first: with this Javet build, consuming the prelude's code cache in a new
        // plain isolate after the engine's snapshot was taken crashed V8 (a libc++ bounds check);
        // the runtime itself no longer uses that code cache.
        Map<String, Double> prelude = PreludeCost.measure(V8Host.getV8Instance(), script, executions, rounds);
        try (SandboxEngine engine = V8Platform.engine(settings, flags, EngineEvents.NONE)) {
            engine.measureBaseline();
            engine.awaitWarm(60, TimeUnit.SECONDS);
            for (String body : variants.values()) {
                runMany(engine, parser, mapper, body, executions / 4); // warm-up
            }
            // Variants alternate in blocks of BLOCK executions, so that a change in the machine's load
            // reaches every variant alike; a round's figure is its blocks' CPU over their executions.
            for (int r = 0; r < rounds; r++) {
                Map<String, double[]> round = new LinkedHashMap<>();
                for (int done = 0; done < executions; done += BLOCK) {
                    for (Map.Entry<String, String> v : variants.entrySet()) {
                        round.computeIfAbsent(v.getKey(), k -> new double[1])[0]
                                += runMany(engine, parser, mapper, v.getValue(), BLOCK) * BLOCK;
                    }
                }
                int ran = (executions + BLOCK - 1) / BLOCK * BLOCK;
                round.forEach((name, total) -> cpuUs.computeIfAbsent(name, k -> new ArrayList<>()).add(total[0] / ran));
            }
        }
        double base = median(cpuUs.get("seed workload, fresh context"));
        double clockNs = clockReadNanos();
        QueueCost.Figures queue = QueueCost.measure(executions * 10);

        System.out.printf(Locale.ROOT, "%n%d rounds of %d sequential executions per variant (variants alternating every %d),"
                + " 1 worker, process CPU per execution (median of the rounds)%n%n", rounds, executions, BLOCK);
        System.out.println("| what | CPU per execution | against the workload |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> e : cpuUs.entrySet()) {
            double us = median(e.getValue());
            System.out.printf(Locale.ROOT, "| %s | %.1f us (rounds %s) | %s |%n", e.getKey(), us, spread(e.getValue()),
                    us == base ? "baseline" : String.format(Locale.ROOT, "%+.1f%%", 100 * (us - base) / base));
        }
        double floor = prelude.values().iterator().next();
        for (Map.Entry<String, Double> e : prelude.entrySet()) {
            System.out.printf(Locale.ROOT, "| bare loop, one thread: %s | %.1f us | floor x %.2f |%n", e.getKey(), e.getValue(),
                    e.getValue() / floor);
        }
        // The formatter's cost to a context that never logs, in the code-cache build where it could
        // be told apart; the snapshot build compiles it only on a first object log (the row above).
        double formatUs = Math.max(0, prelude.get(PreludeCost.CODE_CACHE) - prelude.get(PreludeCost.CODE_CACHE_WITHOUT_FORMAT));
        double clockUs = CLOCK_READS_PER_EXECUTION * clockNs / 1000;
        System.out.printf(Locale.ROOT, "| CPU clock: %d reads of %.0f ns | %.2f us | %.2f%% |%n", CLOCK_READS_PER_EXECUTION,
                clockNs, clockUs, 100 * clockUs / base);
        System.out.printf(Locale.ROOT, "| fair queue hand-off (offer + take), 20 tenants | %.2f us (FIFO: %.2f us) | %.2f%% |%n",
                queue.fairNanos() / 1000, queue.fifoNanos() / 1000, 100 * (queue.fairNanos() - queue.fifoNanos()) / 1000 / base);
        double together = formatUs + clockUs + Math.max(0, queue.fairNanos() - queue.fifoNanos()) / 1000;
        System.out.printf(Locale.ROOT, "%nCapture (format.js in every context of the code-cache build, an upper bound: %.1f us),"
                + " the CPU clock and the fair queue together, for code that does not log: %.1f us, %.1f%% of the workload"
                + " (goal: under 5%%)%n", formatUs, together, 100 * together / base);
    }

    /** Process CPU per execution, in microseconds, over {@code n} executions one after another. */
    private static double runMany(SandboxEngine engine, RequestParser parser, ObjectMapper mapper, String code, int n)
            throws Exception {
        String body = mapper.createObjectNode().put("code", code).toString();
        long cpuStart = processCpuNanos();
        for (int i = 0; i < n; i++) {
            ExecutionResult result = engine.submit(parser.parse(body)).get(30, TimeUnit.SECONDS);
            if (!result.resultsJson().startsWith("[{\"ok\":true")) {
                throw new IllegalStateException("the workload failed: " + result.resultsJson());
            }
        }
        return (processCpuNanos() - cpuStart) / 1000.0 / n;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The cost of one read of the thread CPU clock, as the runtime reads it. */
    private static double clockReadNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        int n = 1_000_000;
        for (int i = 0; i < n / 10; i++) {
            sink += threads.getCurrentThreadCpuTime();
        }
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += threads.getCurrentThreadCpuTime();
        }
        double each = (System.nanoTime() - started) / (double) n;
        if (sink == 42) {
            System.out.print("");
        }
        return each;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String spread(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(", "));
    }
}
