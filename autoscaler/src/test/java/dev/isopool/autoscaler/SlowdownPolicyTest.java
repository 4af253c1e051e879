package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlowdownPolicyTest {

    private static final AutoscalerConfig CONFIG = AutoscalerConfig.defaults(1, 50);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0} -> tier-up on: {1}")
    @CsvSource(delimiter = '|', value = {
        "''|true",
        "--max-old-space-size=64|true",
        // the seeds' profile: V8 14.7 still tiers up dynamically (./isopool bench liftoff)
        "--no-wasm-tier-up --no-wasm-lazy-compilation --max-old-space-size=64|true",
        // without dynamic tiering V8 tiers every function up in the background
        "--no-wasm-dynamic-tiering --no-wasm-lazy-compilation|true",
        "--no-wasm-dynamic-tiering --no-wasm-tier-up|false",
        "--no_wasm_dynamic_tiering --no_wasm_tier_up|false",
        "--no-liftoff|false",
        "--no-liftoff --no-wasm-lazy-compilation --max-old-space-size=64|false",
        "--no-liftoff --liftoff|true",
        "--no-wasm-dynamic-tiering --no-wasm-tier-up --wasm-tier-up|true",
    })
    void tierUpIsOnUnlessLiftoffIsOffOrBothTierUpsAre(String flags, boolean on) {
        assertEquals(on, SlowdownPolicy.tierUpOn(flags));
    }

    @Test
    void thePredictableProfileTurnsTierUpOff() {
        assertFalse(SlowdownPolicy.tierUpOn(PredictableProfile.nodeOptions()));
        assertFalse(SlowdownPolicy.tierUpOn(PredictableProfile.nodeOptions() + " --max-old-space-size=128"));
        assertEquals(List.of("--no-liftoff", "--no-wasm-lazy-compilation"), PredictableProfile.FLAGS);
        assertEquals(PredictableProfile.nodeOptions(), SlowdownPolicy.PREDICTABLE_FLAGS);
    }

    @Test
    void persistentSlowdownWithTierUpOnNamesThePredictableFlags() {
        History slow = History.EMPTY.withSlowdownSince(T0);
        Instant later = T0.plusSeconds(CONFIG.slowdownPersistSeconds());
        SlowdownPolicy.Verdict report = SlowdownPolicy.assess(CONFIG, slow, 4.0, later, true, false, false);
        assertEquals(SlowdownPolicy.Action.REPORT, report.action());
        assertTrue(report.message().contains("predictable (--no-liftoff --no-wasm-lazy-compilation)"),
                report.message());
        SlowdownPolicy.Verdict tune = SlowdownPolicy.assess(CONFIG, slow, 4.0, later, true, true, false);
        assertEquals(SlowdownPolicy.Action.SWITCH_TO_PREDICTABLE, tune.action());
        assertTrue(tune.message().contains("(--no-liftoff --no-wasm-lazy-compilation)"), tune.message());
        assertEquals(SlowdownPolicy.Action.NONE,
                SlowdownPolicy.assess(CONFIG, slow, 4.0, later, false, true, false).action(), "tier-up off");
        assertEquals(SlowdownPolicy.Action.NONE,
                SlowdownPolicy.assess(CONFIG, slow, 4.0, later.minusSeconds(1), true, true, false).action(),
                "not yet persistent");
    }
}
