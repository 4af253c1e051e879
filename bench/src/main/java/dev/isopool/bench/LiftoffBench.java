package dev.isopool.bench;

import dev.isopool.autoscaler.PredictableProfile;
import dev.isopool.runtime.flags.InvalidFlagException;
import dev.isopool.runtime.flags.NodeOptions;
import dev.isopool.runtime.flags.V8FlagTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The seeds' Liftoff experiment as a benchmark: 1, 2 and 4 parallel workers, each compiling and
 * running a large generated WebAssembly module in its own isolate, under V8's default WebAssembly
 * tiering, under the operator's {@code predictable} profile ({@link PredictableProfile}), and under
 * the candidate flag sets for it (the seeds' flags; Liftoff code only; no Liftoff, the seeds' fix;
 * each lazily and eagerly compiled). V8's flags are fixed per process, so every configuration runs
 * in a child JVM of its own; rounds alternate between the configurations so that a change in the
 * machine's load reaches all of them alike. Prints two tables: per-worker compile, run and total
 * time, the slowdown against one worker with the same flags, and the ratio to the first
 * configuration; then DESIGN.md's test of {@code predictable} ("V8 flag profiles"): background CPU
 * after compile, first against last call, peak speed. The benchmark asserts nothing; the second
 * table says which configurations meet that definition on this run.
 *
 * <p>Run: {@code ./isopool bench liftoff [options]} ({@code --help} lists them).
 */
public final class LiftoffBench {
    static final String CHILD = "--child";
    private static final Pattern CONFIG_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");
    private static final long CHILD_TIMEOUT_MINUTES = 60;
    /** DESIGN.md: "the same speed from its first call to its last", within 20%. */
    static final double SAME_SPEED = 1.2;
    /**
     * DESIGN.md: "no background compilation competes with the workers after the module is compiled". The CPU time
     * of the process outside the workers' threads after compile, as a share of the workers' own: V8's GC helpers and
     * the JVM's threads take a little on any configuration; tier-up takes tens of percent.
     */
    static final double BACKGROUND_MAX = 0.05;
    /**
     * The configurations built in, in the table's order; ratios are against the first. The
     * operator's {@code predictable} profile, then the candidates for it in V8 14.7, each compiled
     * eagerly ({@code --no-wasm-lazy-compilation}) and lazily: the seeds' flags (the profile until
     * the benchmark's evidence replaced it); without dynamic tiering (which brings back V8's older
     * tier-up: every function to TurboFan in the background); without either tier-up (Liftoff code
     * only); without Liftoff (the seeds' fix: TurboFan only).
     */
    static final Map<String, String> BUILT_IN = builtIn();

    private static Map<String, String> builtIn() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default", "");
        m.put("predictable", PredictableProfile.nodeOptions());
        m.put("seeds", "--no-wasm-tier-up --no-wasm-lazy-compilation");
        m.put("no-dyn-tiering", "--no-wasm-dynamic-tiering --no-wasm-lazy-compilation");
        m.put("no-dyn-tiering-lazy", "--no-wasm-dynamic-tiering");
        m.put("liftoff-only", "--no-wasm-dynamic-tiering --no-wasm-tier-up --no-wasm-lazy-compilation");
        m.put("liftoff-only-lazy", "--no-wasm-dynamic-tiering --no-wasm-tier-up");
        m.put("no-liftoff", "--no-liftoff");
        m.put("no-liftoff-eager", "--no-liftoff --no-wasm-lazy-compilation");
        return Collections.unmodifiableMap(m);
    }

    /**
     * The configurations run when --configs is not given: every built-in one but those with the same flags as an
     * earlier one (the candidate that {@code predictable} is today), which would measure the same thing twice.
     */
    static Map<String, String> defaultConfigs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : BUILT_IN.entrySet()) {
            if (!m.containsValue(e.getValue())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    private LiftoffBench() {
    }

    /** The benchmark's settings, from the command line. */
    record Options(List<Integer> workers, int rounds, int functions, int ops, int hot, int inner,
                   int slices, long seed, boolean sharedModule, boolean instancePerExecution,
                   Map<String, String> configs) {
    }

    static final String USAGE = """
            usage: ./isopool bench liftoff [options]

            Runs 1, 2 and 4 parallel workers, each compiling and running its own large generated
            WebAssembly module in its own isolate, once per V8 flag configuration (each in a child
            JVM), and prints per-worker times side by side, then which configurations meet
            DESIGN.md's definition of predictable (no background CPU after compile, the last call
            as fast as the first within 20%%). A worker compiles its module, calls kernel(1, 1) once
            (every function: the start-up) and then hot(1, inner) --slices times (the first --hot
            functions: long enough for V8 to tier them up).

            options:
              --configs LIST        built-in configurations to run, comma separated, from
            %s
                                    default: all of them but one with the same flags as an earlier one
              --workers LIST        worker counts, comma separated (default 1,2,4)
              --rounds N            rounds per configuration, alternating; the median round is shown (default 3)
              --functions N         functions in each module (default 2000)
              --ops N               operations in each function's loop body (default 160; ~10.5 bytes each)
              --hot N               functions on the hot path (default 100)
              --inner N             loop iterations inside each hot function call (default 500)
              --slices N            hot(1, inner) calls per worker (default 70)
              --seed N              seed of the generated modules (default 1)
              --shared-module       all workers of a run compile the same bytes (V8 may share the compilation)
              --instance-per-execution
                                    the seeds' pattern (QuickJS in WebAssembly): --slices executions per worker,
                                    each a new Instance of the compiled module, kernel(1, 1) and one hot(1, inner)
              --config NAME=FLAGS   one more configuration, V8 flags in NODE_OPTIONS syntax; repeatable
              --help                this text
            """.formatted(builtInHelp());

    private static String builtInHelp() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : BUILT_IN.entrySet()) {
            b.append(String.format(Locale.ROOT, "%24s%-20s %s%n", "", e.getKey(),
                    e.getValue().isEmpty() ? "(no flags)" : e.getValue()));
        }
        return b.toString().stripTrailing();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                System.out.print(USAGE);
                return;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench liftoff: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            System.out.print(new LiftoffBench.Parent(options).run());
        } catch (BenchFailure e) {
            System.err.println("bench liftoff: " + e.getMessage());
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        List<Integer> workers = List.of(1, 2, 4);
        int rounds = 3;
        int functions = 2000;
        int ops = 160;
        int hot = 100;
        int inner = 500;
        int slices = 70;
        long seed = 1;
        boolean shared = false;
        boolean perExecution = false;
        Map<String, String> configs = defaultConfigs();
        Map<String, String> custom = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--shared-module" -> shared = true;
                case "--instance-per-execution" -> perExecution = true;
                case "--workers", "--rounds", "--functions", "--ops", "--hot", "--inner", "--slices",
                        "--seed", "--config", "--configs" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--workers" -> workers = workerList(value);
                        case "--rounds" -> rounds = positive(arg, value, 100);
                        case "--functions" -> functions = positive(arg, value, WasmModuleGenerator.MAX_FUNCTIONS);
                        case "--ops" -> ops = positive(arg, value, WasmModuleGenerator.MAX_OPS);
                        case "--hot" -> hot = positive(arg, value, WasmModuleGenerator.MAX_FUNCTIONS);
                        case "--inner" -> inner = positive(arg, value, 1_000_000);
                        case "--slices" -> slices = positive(arg, value, 100_000);
                        case "--seed" -> seed = seedValue(value);
                        case "--configs" -> configs = builtInList(value);
                        default -> addConfig(custom, value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        for (Map.Entry<String, String> c : custom.entrySet()) {
            if (configs.containsKey(c.getKey())) {
                throw new IllegalArgumentException("--config " + c.getKey() + " has the name of a built-in one");
            }
            configs.put(c.getKey(), c.getValue());
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no configuration to run");
        }
        if (hot > functions) {
            throw new IllegalArgumentException("--hot " + hot + " is more than the " + functions + " functions");
        }
        return new Options(workers, rounds, functions, ops, hot, inner, slices, seed, shared, perExecution,
                Collections.unmodifiableMap(configs));
    }

    private static Map<String, String> builtInList(String value) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            if (!BUILT_IN.containsKey(name)) {
                throw new IllegalArgumentException("--configs: no built-in configuration '" + name + "'; there are "
                        + String.join(", ", BUILT_IN.keySet()));
            }
            if (configs.put(name, BUILT_IN.get(name)) != null) {
                throw new IllegalArgumentException("--configs lists " + name + " twice");
            }
        }
        return configs;
    }

    private static List<Integer> workerList(String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            int n = positive("--workers", part.trim(), 64);
            if (list.contains(n)) {
                throw new IllegalArgumentException("--workers lists " + n + " twice");
            }
            list.add(n);
        }
        return List.copyOf(list);
    }

    private static int positive(String option, String value, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(option + " must be from 1 to " + max + ", not " + n);
        }
        return n;
    }

    private static long seedValue(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed takes a whole number, not '" + value + "'");
        }
    }

    private static void addConfig(Map<String, String> configs, String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--config takes NAME=FLAGS, not '" + value + "'");
        }
        String name = value.substring(0, eq);
        String flags = value.substring(eq + 1).trim();
        if (!CONFIG_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--config name '" + name
                    + "' must be lower-case letters, digits and dashes (at most 24)");
        }
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("--config " + name + " is given twice");
        }
        try {
            NodeOptions.parse(flags, V8FlagTable.bundled()); // the child would refuse it too, later
        } catch (InvalidFlagException e) {
            throw new IllegalArgumentException("--config " + name + ": " + e.getMessage());
        }
        configs.put(name, flags);
    }

    /** Runs in the child JVM: one configuration, every worker count, results on stdout. */
    private static void child(String[] args) throws Exception {
        String nodeOptions = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--node-options") && i + 1 < args.length) {
                nodeOptions = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        if (nodeOptions == null) {
            throw new IllegalArgumentException("the child needs --node-options");
        }
        Options o = parse(rest.toArray(String[]::new));
        LiftoffWorkers.run(new LiftoffWorkers.Plan(nodeOptions, o.workers(), o.functions(), o.ops(), o.hot(),
                o.inner(), o.slices(), o.seed(), o.sharedModule(), o.instancePerExecution()), System.out);
        System.out.flush();
        // V8's platform threads are not daemons everywhere; the results are out, end the process.
        System.exit(0);
    }

    /** A failed run: a child that failed, or results that do not agree. */
    static final class BenchFailure extends Exception {
        BenchFailure(String message) {
            super(message);
        }
    }

    /**
     * Per worker count, one round's figures in milliseconds: means over the workers, and the
     * process' CPU time per worker, in all and outside the workers' own threads (V8's background
     * compilation, the JVM's own threads). The slices' CPU figures are the worker threads' own (first, last and
     * fastest slice); afterCompile: from the moment every worker had compiled, the workers' CPU time and that of
     * V8's own background threads (NaN where it could not be read).
     */
    record RoundFigures(double compileMs, double startMs, double hotMs, double totalMs, double firstSliceMs,
                        double lastSliceMs, double cpuMs, double backgroundCpuMs, double firstSliceCpuMs,
                        double lastSliceCpuMs, double peakSliceCpuMs, double workerCpuAfterCompileMs,
                        double backgroundCpuAfterCompileMs) {
        /** The last slice's CPU time over the first's: below 1, the code got faster (tier-up). */
        double lastOverFirst() {
            return firstSliceCpuMs <= 0 ? Double.NaN : lastSliceCpuMs / firstSliceCpuMs;
        }

        /** Background CPU time after compile as a share of the workers' own. */
        double backgroundShareAfterCompile() {
            return workerCpuAfterCompileMs <= 0 ? Double.NaN : backgroundCpuAfterCompileMs / workerCpuAfterCompileMs;
        }

        /**
         * DESIGN.md's definition of predictable: the last call as fast as the first within {@link #SAME_SPEED}, and
         * no more background CPU after compile than {@link #BACKGROUND_MAX} of the workers'.
         */
        boolean predictable() {
            double ratio = lastOverFirst();
            return ratio <= SAME_SPEED && ratio >= 1 / SAME_SPEED && backgroundShareAfterCompile() <= BACKGROUND_MAX;
        }
    }

    /** A table cell: the figures of the median round (by total) and the spread over all rounds. */
    record Cell(RoundFigures median, double minTotalMs, double maxTotalMs) {
    }

    /** The parent: spawns the children, checks their results against each other, prints the table. */
    static final class Parent {
        private final Options options;
        private final Map<String, List<String>> effectiveFlags = new LinkedHashMap<>();
        private final Map<String, Map<Integer, List<RoundFigures>>> figures = new LinkedHashMap<>();
        private final Map<Integer, long[]> processCpuUs = new HashMap<>();
        private final Map<String, Map<Integer, List<Double>>> workerTotals = new LinkedHashMap<>();
        /** checksum per round, worker count and worker, as the first configuration computed it. */
        private final Map<String, Integer> checksums = new HashMap<>();
        private String v8Version = "?";
        private int moduleBytes;
        private int codeBytes;

        Parent(Options options) {
            this.options = options;
        }

        String run() throws Exception {
            WasmModuleGenerator.Module sample = WasmModuleGenerator.generate(
                    new WasmModuleGenerator.Spec(options.functions(), options.ops(), options.hot(), options.seed()));
            moduleBytes = sample.size();
            codeBytes = sample.codeBytes();
            String loadBefore = loadAverage();
            long started = System.nanoTime();
            for (int round = 0; round < options.rounds(); round++) {
                for (Map.Entry<String, String> config : options.configs().entrySet()) {
                    long t = System.nanoTime();
                    List<String> lines = runChild(config.getValue(), options.seed() + 1_000_003L * round);
                    record(config.getKey(), round, lines);
                    System.err.printf(Locale.ROOT, "bench liftoff: round %d/%d %-19s %5.1f s%n", round + 1,
                            options.rounds(), config.getKey(), (System.nanoTime() - t) / 1e9);
                }
            }
            String loadAfter = loadAverage();
            return table(loadBefore, loadAfter, (System.nanoTime() - started) / 1e9);
        }

        private List<String> runChild(String nodeOptions, long seed) throws IOException, InterruptedException,
                BenchFailure {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("javet.")) { // e.g. where the native library is (the container image)
                    command.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LiftoffBench.class.getName(), CHILD,
                    "--node-options", nodeOptions, "--workers", joinInts(options.workers()),
                    "--functions", Integer.toString(options.functions()), "--ops", Integer.toString(options.ops()),
                    "--hot", Integer.toString(options.hot()),
                    "--inner", Integer.toString(options.inner()), "--slices", Integer.toString(options.slices()),
                    "--seed", Long.toString(seed)));
            if (options.sharedModule()) {
                command.add("--shared-module");
            }
            if (options.instancePerExecution()) {
                command.add("--instance-per-execution");
            }
            Path log = Files.createTempFile("isopool-liftoff-", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
                pb.environment().remove("NODE_OPTIONS"); // the flags travel as an argument only
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                Process process = pb.start();
                List<String> lines = new ArrayList<>();
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        lines.add(line);
                    }
                }
                if (!process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new BenchFailure("the child JVM for '" + nodeOptions + "' did not end within "
                            + CHILD_TIMEOUT_MINUTES + " minutes");
                }
                if (process.exitValue() != 0) {
                    throw new BenchFailure("the child JVM for flags '" + nodeOptions + "' exited with "
                            + process.exitValue() + "; its error output:\n" + tail(log, 30));
                }
                return lines;
            } finally {
                Files.deleteIfExists(log);
            }
        }

        void record(String config, int round, List<String> lines) throws BenchFailure {
            Map<Integer, List<long[]>> byCount = new TreeMap<>();
            processCpuUs.clear();
            for (String line : lines) {
                if (line.startsWith("flags ")) {
                    effectiveFlags.put(config, List.of(line.substring(6).split(" ")));
                } else if (line.startsWith("v8 ")) {
                    v8Version = line.substring(3);
                } else if (line.startsWith("result ")) {
                    Map<String, Long> f = fields(line);
                    int workers = f.get("workers").intValue();
                    int worker = f.get("worker").intValue();
                    String key = round + "/" + workers + "/" + worker;
                    int checksum = f.get("checksum").intValue();
                    Integer expected = checksums.putIfAbsent(key, checksum);
                    if (expected != null && expected != checksum) {
                        throw new BenchFailure("configuration " + config + " computed " + checksum + " where "
                                + "the first configuration computed " + expected + " (round " + (round + 1)
                                + ", " + workers + " workers, worker " + worker + "): the flags changed results");
                    }
                    byCount.computeIfAbsent(workers, k -> new ArrayList<>()).add(new long[] {
                        f.get("compileUs"), f.get("startUs"), f.get("hotUs"), f.get("totalUs"),
                        f.get("firstSliceUs"), f.get("lastSliceUs"), f.get("threadCpuUs"), f.get("firstSliceCpuUs"),
                        f.get("lastSliceCpuUs"), f.get("peakSliceCpuUs"), f.get("afterCompileCpuUs")});
                } else if (line.startsWith("cpu ")) {
                    Map<String, Long> f = fields(line);
                    processCpuUs.put(f.get("workers").intValue(), new long[] {f.get("processCpuUs"),
                        f.get("v8ThreadsCpuAfterCompileUs")});
                }
            }
            for (int workers : options.workers()) {
                List<long[]> rows = byCount.get(workers);
                if (rows == null || rows.size() != workers) {
                    throw new BenchFailure("the child for " + config + " reported "
                            + (rows == null ? 0 : rows.size()) + " results for " + workers + " workers");
                }
                long[] cpuUs = processCpuUs.get(workers);
                if (cpuUs == null) {
                    throw new BenchFailure("the child for " + config + " reported no CPU time for " + workers
                            + " workers");
                }
                double[] sum = new double[11];
                for (long[] r : rows) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += r[i] / 1000.0;
                    }
                    workerTotals.computeIfAbsent(config, k -> new TreeMap<>())
                            .computeIfAbsent(workers, k -> new ArrayList<>()).add(r[3] / 1000.0);
                }
                figures.computeIfAbsent(config, k -> new TreeMap<>()).computeIfAbsent(workers, k -> new ArrayList<>())
                        .add(roundFigures(sum, workers, cpuUs[0] / 1000.0, cpuUs[1] / 1000.0));
            }
        }

        /**
         * One round's figures from the sums over the workers of their result fields (in ms, in the order the result
         * lines are read), the process' CPU time in ms and that of V8's threads after compile (negative: unknown).
         */
        static RoundFigures roundFigures(double[] sum, int workers, double cpuMs, double v8CpuAfterCompileMs) {
            return new RoundFigures(sum[0] / workers, sum[1] / workers, sum[2] / workers, sum[3] / workers,
                    sum[4] / workers, sum[5] / workers, cpuMs / workers, Math.max(0, cpuMs - sum[6]) / workers,
                    sum[7] / workers, sum[8] / workers, sum[9] / workers, sum[10] / workers,
                    v8CpuAfterCompileMs < 0 ? Double.NaN : v8CpuAfterCompileMs / workers);
        }

        private Cell cell(String config, int workers) {
            List<RoundFigures> rounds = new ArrayList<>(figures.get(config).get(workers));
            rounds.sort(Comparator.comparingDouble(RoundFigures::totalMs));
            List<Double> totals = workerTotals.get(config).get(workers);
            return new Cell(rounds.get((rounds.size() - 1) / 2),
                    totals.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    totals.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }

        String table(String loadBefore, String loadAfter, double seconds) {
            StringBuilder out = new StringBuilder();
            String first = options.configs().keySet().iterator().next();
            out.append(String.format(Locale.ROOT,
                    "Liftoff benchmark: %d functions x %d ops per module (%.2f MB, code %.2f MB), %s;%n"
                    + "each worker: new isolate, new WebAssembly.Module, " + (options.instancePerExecution()
                            ? "then %d executions, each a new Instance, kernel(1, 1) (all functions) and hot(1, %d)"
                            + " (the first %d functions)%n"
                            : "new Instance, kernel(1, 1) (all functions), then %d x hot(1, %d) (the first %d"
                            + " functions)%n")
                    + "V8 %s, %d cores, load average %s at start, %s at end; %d rounds per configuration,"
                    + " alternating, the median round shown; %.0f s%n%n",
                    options.functions(), options.ops(), moduleBytes / 1e6, codeBytes / 1e6,
                    options.sharedModule() ? "the same module for every worker" : "a distinct module per worker",
                    options.slices(), options.inner(), options.hot(), v8Version,
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, options.rounds(), seconds));
            for (Map.Entry<String, String> config : options.configs().entrySet()) {
                out.append(String.format(Locale.ROOT, "  %-19s NODE_OPTIONS=\"%s\"  ->  V8 flags: %s%n",
                        config.getKey(), config.getValue(),
                        String.join(" ", effectiveFlags.getOrDefault(config.getKey(), List.of()))));
            }
            String header = "%n%-19s %7s %8s %7s %7s %7s %7s %8s %7s %7s %6s %8s %11s%n";
            out.append(String.format(Locale.ROOT, header, "config", "workers", "compile", "start", "hot", "total",
                    "1st hot", "last hot", "cpu", "bg cpu", "range", "slowdown", "vs " + abbreviate(first)));
            out.append(String.format(Locale.ROOT, header.substring(2), "", "", "ms", "ms", "ms", "ms", "ms", "ms", "ms",
                    "ms", "x", "vs 1", "total"));
            for (String config : options.configs().keySet()) {
                RoundFigures one = cell(config, options.workers().get(0)).median();
                for (int workers : options.workers()) {
                    Cell c = cell(config, workers);
                    RoundFigures m = c.median();
                    out.append(String.format(Locale.ROOT,
                            "%-19s %7d %8.0f %7.0f %7.0f %7.0f %7.1f %8.1f %7.0f %7.0f %6.2f %8.2f %11.2f%n",
                            config, workers, m.compileMs(), m.startMs(), m.hotMs(), m.totalMs(), m.firstSliceMs(),
                            m.lastSliceMs(),
                            m.cpuMs(), m.backgroundCpuMs(), c.maxTotalMs() / c.minTotalMs(),
                            m.totalMs() / one.totalMs(), m.totalMs() / cell(first, workers).median().totalMs()));
                }
            }
            out.append(String.format(Locale.ROOT, "%n"
                    + "Per worker, mean over the workers of the median round (by total): compile = new"
                    + " WebAssembly.Module; start = new Instance + kernel(1, 1);%n"
                    + "hot = the hot(1, inner) calls; total = compile + start + hot; 1st/last hot = the first and"
                    + " the last hot call (tier-up shows as last < 1st);%n"
                    + "cpu = the process' CPU time from the common start to the last worker's end, per worker; bg cpu = the part outside the"
                    + " workers' threads (V8's background compilation);%n"
                    + "range = slowest / fastest worker total over all rounds; slowdown = total / total with %d"
                    + " worker(s), same flags; vs %s = total / its total.%n", options.workers().get(0), first));
            out.append(check(first));
            return out.toString();
        }

        /** The second table: DESIGN.md's definition of predictable, per configuration and worker count. */
        private String check(String first) {
            StringBuilder out = new StringBuilder();
            String unit = options.instancePerExecution() ? "execution" : "hot call";
            out.append(String.format(Locale.ROOT, "%nDESIGN.md's predictable: no background compilation after"
                    + " compile (bg after <= %.0f%% of the workers' CPU), last %s as fast as the first within %.0f%%%n",
                    BACKGROUND_MAX * 100, unit, (SAME_SPEED - 1) * 100));
            String header = "%n%-19s %7s %8s %8s %6s %8s %8s %6s %8s %8s %8s %5s%n";
            String ab = abbreviate(first);
            out.append(String.format(Locale.ROOT, header, "config", "workers", "compile", "bg after", "bg",
                    "1st cpu", "last cpu", "last", "peak cpu", "peak vs", "compile", "meets"));
            out.append(String.format(Locale.ROOT, header.substring(2), "", "", "ms", "ms", "%", "ms", "ms", "/ 1st",
                    "ms", ab, "vs " + ab, ""));
            List<String> meetAll = new ArrayList<>();
            for (String config : options.configs().keySet()) {
                boolean all = true;
                for (int workers : options.workers()) {
                    RoundFigures m = cell(config, workers).median();
                    RoundFigures base = cell(first, workers).median();
                    all &= m.predictable();
                    out.append(String.format(Locale.ROOT,
                            "%-19s %7d %8.0f %8.0f %6.1f %8.2f %8.2f %6.2f %8.2f %8.2f %8.2f %5s%n",
                            config, workers, m.compileMs(), m.backgroundCpuAfterCompileMs(),
                            m.backgroundShareAfterCompile() * 100, m.firstSliceCpuMs(), m.lastSliceCpuMs(),
                            m.lastOverFirst(), m.peakSliceCpuMs(), m.peakSliceCpuMs() / base.peakSliceCpuMs(),
                            m.compileMs() / base.compileMs(), m.predictable() ? "yes" : "no"));
                }
                if (all) {
                    meetAll.add(config);
                }
            }
            out.append(String.format(Locale.ROOT, "%n"
                    + "Per worker, the median round (by total): bg after = CPU time of V8's background threads (its"
                    + " platform's workers: tier-up, GC helpers; not the JVM's) from the moment every worker had"
                    + " compiled, %% of the workers' own CPU time then;%n"
                    + "1st/last/peak cpu = the worker thread's CPU time in its first, last and fastest %s (the code's"
                    + " speed, whatever else takes the cores); peak vs %s = peak cpu / its peak cpu.%n"
                    + "Meet the definition at every worker count: %s%n", unit, first,
                    meetAll.isEmpty() ? "none" : String.join(", ", meetAll)));
            return out.toString();
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 8 ? name : name.substring(0, 8);
    }

    static Map<String, Long> fields(String line) {
        Map<String, Long> map = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            }
        }
        return map;
    }

    private static String joinInts(List<Integer> values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : ",").append(v);
        }
        return b.toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
