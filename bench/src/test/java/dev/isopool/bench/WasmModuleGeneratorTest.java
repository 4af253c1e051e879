package dev.isopool.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.isopool.runtime.engine.V8Platform;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WasmModuleGeneratorTest {
    @BeforeAll
    static void startV8() {
        // V8's flags are per process: start it as the runtime does, with its safety flags.
        V8Platform.start(64, List.of(), 256);
    }

    private static <T> T inV8(WasmModuleGenerator.Module module, Function<V8Runtime, T> body) throws Exception {
        try (V8Runtime runtime = V8Host.getV8Instance().createV8Runtime()) {
            try (V8ValueObject global = runtime.getGlobalObject();
                 V8ValueArrayBuffer buffer = runtime.createV8ValueArrayBuffer(module.size())) {
                buffer.fromBytes(module.bytes());
                global.set("wasmBytes", buffer);
            }
            return body.apply(runtime);
        }
    }

    private static String eval(V8Runtime runtime, String code) {
        try {
            return runtime.getExecutor(code).executeString();
        } catch (Exception e) {
            throw new AssertionError(code + " failed: " + e, e);
        }
    }

    @Test
    void largeModuleValidatesAndExportsEveryFunctionAndTheKernels() throws Exception {
        WasmModuleGenerator.Module module = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(2000, 160, 100, 7));
        String answer = inV8(module, rt -> eval(rt, """
                (() => {
                  if (!WebAssembly.validate(wasmBytes)) return 'invalid';
                  const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasmBytes));
                  const functions = exports.filter(e => e.kind === 'function').length;
                  return [exports.length, functions, exports[0].name, exports[1999].name,
                          exports[2000].name, exports[2001].name].join(',');
                })()"""));
        assertEquals("2002,2002,f0,f1999,kernel,hot", answer);
        assertEquals(2002, module.exportCount());
        // Each operation is 7 to 15 bytes of code, plus a fixed frame per function and ~10 bytes
        // per call in the two callers.
        long ops = 2000L * 160;
        assertTrue(module.codeBytes() > ops * 7, "code bytes " + module.codeBytes());
        assertTrue(module.codeBytes() < ops * 15 + 2000L * 64 + 2100L * 10, "code bytes " + module.codeBytes());
        assertTrue(module.size() > module.codeBytes(), "the module holds the code and more");
        assertTrue(module.size() > 2_500_000 && module.size() < 4_000_000,
                "2,000 x 160 is the benchmark's 'few MB' module: " + module.size());
    }

    @Test
    void wasmComputesWhatTheJavaModelComputes() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            WasmModuleGenerator.Module module = WasmModuleGenerator.generate(
                    new WasmModuleGenerator.Spec(25, 80, 4, seed));
            int expectedOnce = module.kernel(1, 1);
            int expectedFull = module.kernel(3, 5);
            // As a benchmark worker runs it: one instance, kernel first, then hot twice.
            int[] memory = WasmModuleGenerator.Module.newMemory();
            String expectedSequence = module.kernel(1, 1, memory) + "," + module.hot(1, 7, memory) + ","
                    + module.hot(2, 3, memory);
            String answer = inV8(module, rt -> eval(rt, """
                    (() => {
                      const m = new WebAssembly.Module(wasmBytes);
                      const once = new WebAssembly.Instance(m, {}).exports.kernel(1, 1);
                      const full = new WebAssembly.Instance(m, {}).exports.kernel(3, 5);
                      const e = new WebAssembly.Instance(m, {}).exports;
                      return [once, full, e.kernel(1, 1), e.hot(1, 7), e.hot(2, 3)].join(',');
                    })()"""));
            assertEquals(expectedOnce + "," + expectedFull + "," + expectedSequence, answer, "seed " + seed);
        }
    }

    @Test
    void zeroRoundsRunNothing() {
        WasmModuleGenerator.Module module = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(3, 10, 2, 1));
        assertEquals(0, module.kernel(0, 100));
        assertEquals(0, module.hot(0, 100));
    }

    @Test
    void theSeedDecidesTheBytes() {
        WasmModuleGenerator.Spec spec = new WasmModuleGenerator.Spec(50, 40, 5, 11);
        byte[] once = WasmModuleGenerator.generate(spec).bytes();
        assertArrayEquals(once, WasmModuleGenerator.generate(spec).bytes());
        byte[] other = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(50, 40, 5, 12)).bytes();
        assertFalse(Arrays.equals(once, other));
    }

    @Test
    void sizeFollowsTheSpec() {
        int small = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(100, 50, 10, 3)).codeBytes();
        int doubleFunctions = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(200, 50, 10, 3)).codeBytes();
        int doubleOps = WasmModuleGenerator.generate(new WasmModuleGenerator.Spec(100, 100, 10, 3)).codeBytes();
        assertTrue(doubleFunctions > small * 19 / 10, small + " -> " + doubleFunctions);
        assertTrue(doubleOps > small * 17 / 10, small + " -> " + doubleOps);
    }

    @Test
    void refusesSpecsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new WasmModuleGenerator.Spec(0, 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WasmModuleGenerator.Spec(10, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WasmModuleGenerator.Spec(10, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new WasmModuleGenerator.Spec(10, 10, 11, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new WasmModuleGenerator.Spec(WasmModuleGenerator.MAX_FUNCTIONS + 1, 10, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new WasmModuleGenerator.Spec(10, WasmModuleGenerator.MAX_OPS + 1, 1, 1));
    }
}
