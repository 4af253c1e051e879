package dev.isopool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.autoscaler.PredictableProfile;
import dev.isopool.runtime.flags.NodeOptions;
import dev.isopool.runtime.flags.V8FlagTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiftoffBenchTest {
    @Test
    void defaultsCompareDefaultFlagsWithThePredictableProfileAndTheCandidates() {
        LiftoffBench.Options o = LiftoffBench.parse(new String[0]);
        assertEquals(List.of(1, 2, 4), o.workers());
        assertFalse(o.instancePerExecution());
        assertFalse(o.sharedModule());
        assertEquals(List.of("default", "predictable", "seeds", "no-dyn-tiering", "no-dyn-tiering-lazy", "liftoff-only",
                "liftoff-only-lazy", "no-liftoff", "no-liftoff-eager"), List.copyOf(LiftoffBench.BUILT_IN.keySet()));
        assertEquals("", o.configs().get("default"));
        // predictable is the operator's profile itself, not a copy of its flags
        assertEquals(PredictableProfile.nodeOptions(), o.configs().get("predictable"));
        assertEquals("--no-wasm-tier-up --no-wasm-lazy-compilation", LiftoffBench.BUILT_IN.get("seeds"));
        assertEquals("--no-liftoff --no-wasm-lazy-compilation", LiftoffBench.BUILT_IN.get("no-liftoff-eager"));
        LiftoffBench.Options pair = LiftoffBench.parse(new String[] {"--configs", "default,predictable"});
        assertEquals(List.of("default", "predictable"), List.copyOf(pair.configs().keySet()));
    }

    @Test
    void theDefaultRunMeasuresNoFlagSetTwice() {
        Map<String, String> configs = LiftoffBench.parse(new String[0]).configs();
        assertEquals(Set.copyOf(LiftoffBench.BUILT_IN.values()), Set.copyOf(configs.values()));
        assertEquals(configs.size(), Set.copyOf(configs.values()).size(), configs.toString());
        assertEquals("predictable", configs.keySet().stream().skip(1).findFirst().orElseThrow());
        // asked for by name, a candidate with predictable's flags runs beside it
        LiftoffBench.Options both = LiftoffBench.parse(new String[] {"--configs", "predictable,seeds,no-liftoff-eager"});
        assertEquals(List.of("predictable", "seeds", "no-liftoff-eager"), List.copyOf(both.configs().keySet()));
    }

    @Test
    void everyBuiltInConfigurationIsAcceptedByTheRuntimesFlagTable() throws Exception {
        for (Map.Entry<String, String> c : LiftoffBench.BUILT_IN.entrySet()) {
            NodeOptions.parse(c.getValue(), V8FlagTable.bundled());
        }
        assertTrue(LiftoffBench.USAGE.contains("no-liftoff-eager     --no-liftoff --no-wasm-lazy-compilation"),
                LiftoffBench.USAGE);
        assertTrue(LiftoffBench.USAGE.contains("--instance-per-execution"), LiftoffBench.USAGE);
    }

    @Test
    void optionsAreRead() {
        LiftoffBench.Options o = LiftoffBench.parse(new String[] {
            "--workers", "1,3", "--rounds", "2", "--functions", "10", "--ops", "5", "--hot", "4",
            "--inner", "6", "--slices", "7", "--seed", "-9", "--shared-module", "--instance-per-execution",
            "--configs", "predictable", "--config", "lazy-off=--no-wasm-lazy-compilation"});
        assertEquals(List.of(1, 3), o.workers());
        assertEquals(2, o.rounds());
        assertEquals(10, o.functions());
        assertEquals(5, o.ops());
        assertEquals(4, o.hot());
        assertEquals(6, o.inner());
        assertEquals(7, o.slices());
        assertEquals(-9, o.seed());
        assertTrue(o.sharedModule());
        assertTrue(o.instancePerExecution());
        assertEquals(List.of("predictable", "lazy-off"), List.copyOf(o.configs().keySet()));
        assertEquals("--no-wasm-lazy-compilation", o.configs().get("lazy-off"));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertMessage("unknown argument '--fast'", "--fast");
        assertMessage("--rounds needs a value", "--rounds");
        assertMessage("--rounds takes a whole number, not 'x'", "--rounds", "x");
        assertMessage("--workers must be from 1 to 64, not 0", "--workers", "1,0");
        assertMessage("--workers lists 2 twice", "--workers", "2,2");
        assertMessage("--hot 30 is more than the 20 functions", "--functions", "20", "--hot", "30");
        assertMessage("--config takes NAME=FLAGS, not 'x'", "--config", "x");
        assertMessage("--config default has the name of a built-in one", "--config", "default=--liftoff");
        assertMessage("--config x is given twice", "--config", "x=--liftoff", "--config", "x=--liftoff");
        assertMessage("--configs: no built-in configuration 'fast'; there are default, predictable, seeds,"
                + " no-dyn-tiering, no-dyn-tiering-lazy, liftoff-only, liftoff-only-lazy, no-liftoff, no-liftoff-eager",
                "--configs", "default,fast");
        assertMessage("--configs lists default twice", "--configs", "default,default");
        assertMessage("--config name 'Bad' must be lower-case letters, digits and dashes (at most 24)",
                "--config", "Bad=--liftoff");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiftoffBench.parse(new String[] {"--config", "x=--no-such-flag"}));
        assertTrue(e.getMessage().startsWith("--config x: NODE_OPTIONS: unknown V8 flag '--no-such-flag'"),
                e.getMessage());
    }

    @Test
    void resultLinesAreRead() {
        Map<String, Long> f = LiftoffBench.fields("result workers=2 worker=1 compileUs=15 checksum=-7");
        assertEquals(Map.of("workers", 2L, "worker", 1L, "compileUs", 15L, "checksum", -7L), f);
    }

    @Test
    void predictableMeansNoBackgroundCpuAfterCompileAndTheLastCallAsFastAsTheFirst() {
        assertTrue(figures(10, 10.5, 0, 100).predictable());
        assertTrue(figures(10, 11.9, 4.9, 100).predictable(), "within 20% and 5%");
        assertTrue(figures(10, 8.4, 0, 100).predictable(), "faster by less than 1/1.2");
        assertFalse(figures(10, 1.3, 0, 100).predictable(), "tier-up: the last call 7x faster");
        assertFalse(figures(10, 8.2, 0, 100).predictable(), "faster by more than 1/1.2");
        assertFalse(figures(10, 12.1, 0, 100).predictable(), "slower by more than 20%");
        assertFalse(figures(10, 10, 6, 100).predictable(), "background compilation after compile");
        assertFalse(figures(10, 10, Double.NaN, 100).predictable(), "background CPU unknown");
        assertFalse(figures(0, 10, 0, 100).predictable(), "no first call");
        assertEquals(0.5, figures(10, 5, 20, 100).lastOverFirst(), 1e-9);
        assertEquals(0.2, figures(10, 5, 20, 100).backgroundShareAfterCompile(), 1e-9);
    }

    @Test
    void roundFiguresAreMeansOverTheWorkers() {
        double[] sums = {2, 4, 6, 12, 8, 10, 14, 16, 18, 20, 22};
        LiftoffBench.RoundFigures f = LiftoffBench.Parent.roundFigures(sums, 2, 40, 6);
        assertEquals(new LiftoffBench.RoundFigures(1, 2, 3, 6, 4, 5, 20, 13, 8, 9, 10, 11, 3), f);
        assertTrue(Double.isNaN(LiftoffBench.Parent.roundFigures(sums, 2, 40, -1).backgroundCpuAfterCompileMs()));
        assertEquals(0, LiftoffBench.Parent.roundFigures(sums, 2, 10, 0).backgroundCpuMs(), "never below zero");
    }

    @Test
    void theReportSaysWhichConfigurationsMeetTheDefinition() throws Exception {
        LiftoffBench.Options o = LiftoffBench.parse(new String[] {"--workers", "1,2", "--rounds", "1",
            "--configs", "default,no-liftoff-eager"});
        LiftoffBench.Parent parent = new LiftoffBench.Parent(o);
        parent.record("default", 0, List.of("flags --no-turbofan", "v8 14.7",
                result(1, 0, 7, 20_000, 3_000, 2_900, 1_000), cpu(1, 300_000, 290_000),
                result(2, 0, 7, 21_000, 3_000, 2_900, 1_000), result(2, 1, 9, 22_000, 3_100, 2_900, 1_000),
                cpu(2, 600_000, 280_000)));
        parent.record("no-liftoff-eager", 0, List.of("flags --no-turbofan --no-liftoff",
                result(1, 0, 7, 3_000, 3_000, 2_900, 400_000), cpu(1, 300_000, 0),
                result(2, 0, 7, 3_100, 3_000, 2_900, 400_000), result(2, 1, 9, 2_900, 3_000, 2_900, 400_000),
                cpu(2, 600_000, 1_000)));
        String table = parent.table("0.1/0.1/0.1", "0.2/0.2/0.2", 3);
        assertTrue(table.contains("Meet the definition at every worker count: no-liftoff-eager\n"), table);
        assertTrue(table.contains("last hot call as fast as the first within 20%"), table);
        String row = table.lines().filter(l -> l.startsWith("no-liftoff-eager") && l.endsWith("yes")).findFirst()
                .orElseThrow(() -> new AssertionError(table));
        // compile 400 ms against 1; bg after 0; first 3.00 ms, last 3.00, peak 2.90: as fast as default's peak
        assertEquals(List.of("no-liftoff-eager", "1", "400", "0", "0.0", "3.00", "3.00", "1.00", "2.90", "1.00",
                "400.00", "yes"), List.of(row.trim().split("\\s+")));
        assertTrue(table.lines().anyMatch(l -> l.startsWith("default") && l.endsWith("no")), table);
        LiftoffBench.Parent other = new LiftoffBench.Parent(o);
        other.record("default", 0, List.of(result(1, 0, 7, 1, 1, 1, 1), cpu(1, 1, 1),
                result(2, 0, 7, 1, 1, 1, 1), result(2, 1, 9, 1, 1, 1, 1), cpu(2, 1, 1)));
        LiftoffBench.BenchFailure e = assertThrows(LiftoffBench.BenchFailure.class, () -> other.record(
                "no-liftoff-eager", 0, List.of(result(1, 0, 8, 1, 1, 1, 1))));
        assertTrue(e.getMessage().contains("the flags changed results"), e.getMessage());
    }

    @Test
    void v8sBackgroundThreadsAreToldFromTheJvmsByName() {
        assertTrue(LiftoffWorkers.isV8Thread("V8 DefaultWorke\n"));
        assertFalse(LiftoffWorkers.isV8Thread("C2 CompilerThre\n"));
        assertFalse(LiftoffWorkers.isV8Thread("liftoff-worker-\n"));
        assertTrue(LiftoffWorkers.v8ThreadsCpuNanos() >= 0, "this process has no V8 thread yet, but /proc reads");
    }

    /** A result line with the given checksum and slice figures in microseconds (wall = CPU). */
    private static String result(int workers, int worker, int checksum, long firstUs, long lastUs, long peakUs,
            long compileUs) {
        return "result workers=" + workers + " worker=" + worker + " compileUs=" + compileUs + " startUs=1000"
                + " hotUs=100000 totalUs=" + (compileUs + 101_000) + " firstSliceUs=" + firstUs + " lastSliceUs=" + lastUs
                + " threadCpuUs=" + (compileUs + 100_000) + " checksum=" + checksum + " firstSliceCpuUs=" + firstUs
                + " lastSliceCpuUs=" + lastUs + " peakSliceCpuUs=" + peakUs + " afterCompileCpuUs=100000";
    }

    private static String cpu(int workers, long processUs, long v8AfterCompileUs) {
        return "cpu workers=" + workers + " processCpuUs=" + processUs + " v8ThreadsCpuAfterCompileUs="
                + v8AfterCompileUs;
    }

    /** Figures with the given first and last slice and background CPU after compile, all in ms. */
    private static LiftoffBench.RoundFigures figures(double firstMs, double lastMs, double bgAfterMs,
            double workerAfterMs) {
        return new LiftoffBench.RoundFigures(1, 1, 1, 3, firstMs, lastMs, 1, 0, firstMs, lastMs,
                Math.min(firstMs, lastMs), workerAfterMs, bgAfterMs);
    }

    private static void assertMessage(String message, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LiftoffBench.parse(args));
        assertEquals(message, e.getMessage());
    }
}
