package dev.isopool.runtime.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeOptionsTest {
    static final V8FlagTable TABLE = V8FlagTable.bundled();

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("", 128, List.of()),
                Arguments.of("--max-old-space-size=64", 64, List.of()),
                Arguments.of("--max_old_space_size=256", 256, List.of()),
                Arguments.of("--max-old-space-size 96", 96, List.of()),
                Arguments.of("--no-wasm-tier-up --no-wasm-lazy-compilation", 128,
                        List.of("--no-wasm-tier-up", "--no-wasm-lazy-compilation")),
                Arguments.of("  --single-threaded-gc\t--max-old-space-size=32 ", 32, List.of("--single-threaded-gc")),
                Arguments.of("--stack-trace-limit=20", 128, List.of("--stack-trace-limit=20")),
                Arguments.of("--wasm-tier-up", 128, List.of("--wasm-tier-up")),
                Arguments.of("--no-turbofan --single-threaded-gc", 128, List.of("--single-threaded-gc")),
                Arguments.of("--stack-size=984 --single-threaded", 128, List.of("--stack-size=984", "--single-threaded")));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("valid")
    void parsesValidOptions(String options, int heapMb, List<String> rendered) {
        NodeOptions.Parsed parsed = NodeOptions.parse(options, TABLE);
        assertEquals(heapMb, parsed.heapMb());
        assertEquals(rendered, parsed.flags().stream().map(V8Flag::render).toList());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("--no-such-flag", "unknown V8 flag '--no-such-flag'"),
                Arguments.of("--wasm-tier-upp", "unknown V8 flag '--wasm-tier-upp'"),
                Arguments.of("--require=./x.js", "unknown V8 flag '--require=./x.js'"),
                Arguments.of("max-old-space-size=64", "'max-old-space-size=64' is not a flag"),
                Arguments.of("--max-old-space-size=abc", "malformed value 'abc'"),
                Arguments.of("--max-old-space-size=4", "out of range"),
                Arguments.of("--max-old-space-size", "needs a value"),
                Arguments.of("--stack-trace-limit=1.5", "malformed value '1.5'"),
                Arguments.of("--single-threaded-gc=true", "boolean flag and takes no value"),
                Arguments.of("--allow-natives-syntax", "is refused"),
                Arguments.of("--expose-gc", "is refused"),
                Arguments.of("--help", "is refused"),
                Arguments.of("--stack-size=100000", "out of range"),
                Arguments.of("--wasm-max-mem-pages=10", "is refused"),
                Arguments.of("--turbofan", "is refused"),
                Arguments.of("--jitless", "no WebAssembly"),
                Arguments.of("--no-stack-trace-limit", "is not a boolean flag"),
                Arguments.of("--single-threaded-gc \"--unterminated", "unterminated"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("invalid")
    void refusesWithAMessageNamingTheFlag(String options, String fragment) {
        InvalidFlagException e = assertThrows(InvalidFlagException.class, () -> NodeOptions.parse(options, TABLE));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("NODE_OPTIONS"), e.getMessage());
    }

    @Test
    void tokenizesQuotedValues() {
        assertEquals(List.of("--a=b c", "--d"), NodeOptions.tokenize("'--a=b c' --d"));
    }
}
