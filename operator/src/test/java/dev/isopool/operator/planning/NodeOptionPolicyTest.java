package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.operator.planning.FlagVerdict.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeOptionPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "--no-warnings, ALLOWED",
            "--enable-source-maps, ALLOWED",
            "--unhandled-rejections=strict, UNKNOWN",
            "--frozen-intrinsics, UNKNOWN",
            "--disable-proto=throw, ALLOWED",
            "--jitless, DANGEROUS",
            "--no-wasm-tier-up, ALLOWED",
            "--inspect, DANGEROUS",
            "--inspect-brk=0.0.0.0:9229, DANGEROUS",
            "--require=/tmp/x.js, DANGEROUS",
            "-r, DANGEROUS",
            "'--import=data:text/javascript,1', DANGEROUS",
            "--experimental-loader=x, DANGEROUS",
            "--allow-fs-read=*, DANGEROUS",
            "--allow-natives-syntax, DANGEROUS",
            "--env-file=.env, DANGEROUS",
            "--max-old-space-size=100, RESERVED",
            "--title=x, DANGEROUS",
            "--icu-data-dir=/x, UNKNOWN",
    })
    void judgesEachOption(String option, Kind expected) {
        assertEquals(expected, NodeOptionPolicy.judge(option).kind(), () -> NodeOptionPolicy.judge(option).reason());
    }
}
