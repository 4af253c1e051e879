package dev.isopool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiftoffBenchTest {
    @Test
    void defaultsCompareDefaultFlagsWithThePredictableProfileAndItsParts() {
        LiftoffBench.Options o = LiftoffBench.parse(new String[0]);
        assertEquals(List.of(1, 2, 4), o.workers());
        assertEquals(List.of("default", "predictable", "liftoff-only", "no-liftoff"), List.copyOf(o.configs().keySet()));
        assertEquals("", o.configs().get("default"));
        assertEquals("--no-wasm-tier-up --no-wasm-lazy-compilation", o.configs().get("predictable"));
        LiftoffBench.Options pair = LiftoffBench.parse(new String[] {"--configs", "default,predictable"});
        assertEquals(List.of("default", "predictable"), List.copyOf(pair.configs().keySet()));
    }

    @Test
    void optionsAreRead() {
        LiftoffBench.Options o = LiftoffBench.parse(new String[] {
            "--workers", "1,3", "--rounds", "2", "--functions", "10", "--ops", "5", "--hot", "4",
            "--inner", "6", "--slices", "7", "--seed", "-9", "--shared-module", "--configs", "predictable", "--config", "lazy-off=--no-wasm-lazy-compilation"});
        assertEquals(List.of(1, 3), o.workers());
        assertEquals(2, o.rounds());
        assertEquals(10, o.functions());
        assertEquals(5, o.ops());
        assertEquals(4, o.hot());
        assertEquals(6, o.inner());
        assertEquals(7, o.slices());
        assertEquals(-9, o.seed());
        assertTrue(o.sharedModule());
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
        assertMessage("--configs: no built-in configuration 'fast'; there are default, predictable, liftoff-only,"
                + " no-liftoff", "--configs", "default,fast");
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

    private static void assertMessage(String message, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LiftoffBench.parse(args));
        assertEquals(message, e.getMessage());
    }
}
