package dev.isopool.runtime.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeFlagsTest {

    private static RuntimeFlags parse(String engine, String nodeOptions, String extra) {
        Map<String, String> env = new HashMap<>();
        env.put("ISOPOOL_ENGINE", engine);
        if (nodeOptions != null) {
            env.put("NODE_OPTIONS", nodeOptions);
        }
        if (extra != null) {
            env.put("ISOPOOL_V8_FLAGS", extra);
        }
        return RuntimeFlags.fromEnvironment(env, V8FlagTable.bundled());
    }

    private static List<String> rendered(List<V8Flag> flags) {
        return flags.stream().map(V8Flag::render).toList();
    }

    @Test
    void engineNodeSeparatesNodeOptionsFromV8Flags() {
        RuntimeFlags f = parse("node", "--no-warnings --disable-proto=delete --stack-trace-limit=20 --max-old-space-size=96",
                "--no-wasm-tier-up --no-wasm-lazy-compilation");
        assertEquals(96, f.heapMb());
        assertEquals(List.of("--no-warnings", "--disable-proto=delete"), f.nodeJsOptions());
        assertEquals(List.of("--stack-trace-limit=20"), rendered(f.nodeOptionsV8()));
        assertEquals(List.of("--no-wasm-tier-up", "--no-wasm-lazy-compilation"), rendered(f.runtimeV8()));
    }

    @Test
    void engineV8TreatsNodeOptionsAsUnknownFlags() {
        InvalidFlagException e = assertThrows(InvalidFlagException.class, () -> parse("v8", "--no-warnings", null));
        assertTrue(e.getMessage().contains("--no-warnings"), e.getMessage());
    }

    @Test
    void engineV8AppliesBothVariables() {
        RuntimeFlags f = parse("v8", "--no-wasm-tier-up --max-old-space-size=64", "--stack-size=500");
        assertEquals(64, f.heapMb());
        assertEquals(List.of("--no-wasm-tier-up", "--stack-size=500"), rendered(f.allV8()));
        assertTrue(f.nodeJsOptions().isEmpty());
    }

    @Test
    void aHeapCapInIsopoolV8FlagsWins() {
        assertEquals(200, parse("v8", "--max-old-space-size=64", "--max-old-space-size=200").heapMb());
        assertEquals(128, parse("v8", null, null).heapMb(), "the default cap");
    }

    @Test
    void errorsNameTheVariableTheyComeFrom() {
        InvalidFlagException e = assertThrows(InvalidFlagException.class, () -> parse("v8", null, "--no-such-flag"));
        assertTrue(e.getMessage().startsWith("ISOPOOL_V8_FLAGS"), e.getMessage());
    }

    @Test
    void nodeOptionsWithUnacceptedValuesAreNotNodeOptions() {
        assertTrue(RuntimeFlags.isNodeJsOption("--disable-proto=throw"));
        assertTrue(!RuntimeFlags.isNodeJsOption("--disable-proto=maybe"));
        assertTrue(!RuntimeFlags.isNodeJsOption("--require=x.js"));
        assertTrue(!RuntimeFlags.isNodeJsOption("--unhandled-rejections=strict"));
    }
}
