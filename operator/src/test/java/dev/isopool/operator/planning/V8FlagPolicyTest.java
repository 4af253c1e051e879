package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.operator.planning.FlagVerdict.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V8FlagPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "--no-wasm-tier-up, ALLOWED",
            "--no-wasm-lazy-compilation, ALLOWED",
            "--wasm-tier-up, ALLOWED",
            "--no_wasm_tier_up, ALLOWED",
            "--jitless, DANGEROUS",
            "--no-jitless, ALLOWED",
            "--no-opt, ALLOWED",
            "--single-threaded, ALLOWED",
            "--stack-size=512, ALLOWED",
            "--stack-size=984, ALLOWED",
            "--stack-size=4096, DANGEROUS",
            "--stack-size, MALFORMED",
            "--stack-size=big, MALFORMED",
            "--max-semi-space-size=16, ALLOWED",
            "--no-expose-wasm, DANGEROUS",
            "--expose-wasm, DANGEROUS",
            "--no-turbofan, ALLOWED",
            "--turbofan, DANGEROUS",
            "--wasm-max-mem-pages=100, DANGEROUS",
            "--allow-natives-syntax, DANGEROUS",
            "--allow_natives_syntax, DANGEROUS",
            "--expose-gc, DANGEROUS",
            "--expose-externalize-string, DANGEROUS",
            "--abort-on-uncaught-exception, DANGEROUS",
            "--no-wasm-bounds-checks, DANGEROUS",
            "--wasm-bounds-checks, ALLOWED",
            "--no-wasm-stack-checks, DANGEROUS",
            "--experimental-wasm-stringref, DANGEROUS",
            "--harmony-shadow-realm, DANGEROUS",
            "--enable-os-system, DANGEROUS",
            "--max-old-space-size=512, RESERVED",
            "--max_old_space_size=512, RESERVED",
            "--trace-gc, UNKNOWN",
            "--wasm-tier-upp, UNKNOWN",
            "--single-threaded=1, MALFORMED",
            "jitless, MALFORMED",
            "'--jitless --no-opt', MALFORMED",
            "-r, MALFORMED",
    })
    void judgesEachFlag(String flag, Kind expected) {
        assertEquals(expected, V8FlagPolicy.judge(flag).kind(), () -> V8FlagPolicy.judge(flag).reason());
    }
}
