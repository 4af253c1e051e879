package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs against a real V8 engine with one worker: each must end as its typed error for
 * that execution alone, and a normal execution on the same worker must succeed right after.
 */
class HostileInputTest {
    /** (module (memory (export "mem") 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)) */
    static final String GROW_WASM = "new Uint8Array([0,97,115,109,1,0,0,0, 1,6,1,96,1,127,1,127, 3,2,1,0,"
            + " 5,3,1,0,1, 7,14,2,3,109,101,109,2,0,4,103,114,111,119,0,0, 10,8,1,6,0,32,0,64,0,11])";
    /** The same module with a declared maximum of 2 pages. */
    static final String GROW_WASM_MAX2 = "new Uint8Array([0,97,115,109,1,0,0,0, 1,6,1,96,1,127,1,127, 3,2,1,0,"
            + " 5,4,1,1,1,2, 7,14,2,3,109,101,109,2,0,4,103,114,111,119,0,0, 10,8,1,6,0,32,0,64,0,11])";

    static Stream<Arguments> cases() {
        return Stream.of(
                // runaway code
                hostile("plain loop", "while (true) {}", ErrorTypes.TIMEOUT),
                hostile("for loop with work", "let x = 0; for (;;) { x = (x * 31 + 7) % 1000003 }", ErrorTypes.TIMEOUT),
                hostile("microtask loop after return", "Promise.resolve().then(function f() { Promise.resolve().then(f) }); 1",
                        ErrorTypes.TIMEOUT),
                hostile("async loop", "(async () => { for (;;) { await null } })()", ErrorTypes.TIMEOUT),
                hostile("catastrophic regex", "/(a+)+$/.test('a'.repeat(40) + 'b')", ErrorTypes.TIMEOUT),
                hostile("stack overflow caught and retried", "function f() { try { f() } catch (e) { f() } } f()",
                        ErrorTypes.TIMEOUT),
                hostile("builtin-only loop (TurboFan drops its interrupt check)",
                        "let x; for (let i = 0;; i++) x = new Array(64)", ErrorTypes.TIMEOUT),
                hostile("loop inside a getter during serialization", "({ get x() { for (;;) {} } })", ErrorTypes.TIMEOUT),
                hostile("loop in toJSON", "({ toJSON() { while (true) {} } })", ErrorTypes.TIMEOUT),
                hostile("loop in a thrown error's message getter",
                        "throw { get message() { for (;;) {} }, name: 'X' }", ErrorTypes.TIMEOUT),
                hostile("sort with a comparator that never ends",
                        "[3, 2, 1].sort(() => { for (;;) {} })", ErrorTypes.TIMEOUT),
                // heap, string and array bombs
                hostile("array push heap bomb", "const a = []; for (;;) a.push(new Array(1e5).fill(1))", ErrorTypes.MEMORY),
                hostile("string doubling", "let s = 'x'; for (;;) s += s", ErrorTypes.MEMORY),
                hostile("many distinct strings", "const a = []; for (let i = 0;; i++) a.push('x'.repeat(1e5) + i)",
                        ErrorTypes.MEMORY),
                hostile("object with endless keys", "const o = {}; for (let i = 0;; i++) o['k' + i] = new Array(64)",
                        ErrorTypes.MEMORY),
                hostile("array of small arrays", "const o = []; for (;;) o.push(new Array(64))", ErrorTypes.MEMORY),
                hostile("map bomb", "const m = new Map(); for (let i = 0;; i++) m.set(i, [i, i, i])", ErrorTypes.MEMORY),
                hostile("huge array literal fill", "new Array(2 ** 31).fill(0)", ErrorTypes.MEMORY),
                // V8's spread loop does not always look at termination requests: the clock or the heap ends it.
                hostile("spread of an endless generator", "[...(function* () { for (;;) yield 1 })()]",
                        ErrorTypes.TIMEOUT + "|" + ErrorTypes.MEMORY),
                // ArrayBuffer and WebAssembly.Memory bombs
                hostile("one huge ArrayBuffer", "new ArrayBuffer(2 ** 31)", ErrorTypes.MEMORY),
                hostile("many small typed arrays", "const k = []; for (;;) k.push(new Uint8Array(1 << 20))", ErrorTypes.MEMORY),
                hostile("typed array from a huge array-like", "new Uint8Array({ length: 2 ** 31 })", ErrorTypes.MEMORY),
                hostile("typed array from an array-like whose length lies",
                        "let n = 0; new Float64Array({ get length() { return n++ ? 2 ** 40 : 8 } }).length; "
                        + "const k = []; for (;;) k.push(new Float64Array({ length: 1 << 20 }))", ErrorTypes.MEMORY),
                hostile("huge Float64Array", "new Float64Array(1e8)", ErrorTypes.MEMORY),
                hostile("resizable buffer with a huge maximum", "new ArrayBuffer(1, { maxByteLength: 2 ** 32 })",
                        ErrorTypes.MEMORY),
                hostile("slice copies", "const b = new Uint8Array(8 << 20); const k = []; for (;;) k.push(b.slice())",
                        ErrorTypes.MEMORY),
                hostile("species set to undefined", "const b = new Uint8Array(8 << 20); Object.defineProperty(b, 'constructor', { value: { [Symbol.species]: undefined } });"
                        + " const k = []; for (;;) k.push(b.slice())", ErrorTypes.MEMORY),
                hostile("typed array from array-like", "Uint8Array.from({ length: 1e8 })", ErrorTypes.MEMORY),
                hostile("transfer to a larger size", "new ArrayBuffer(8).transfer(2 ** 30)", ErrorTypes.MEMORY),
                hostile("widening copy", "new Float64Array(new Uint8Array(20 << 20))", ErrorTypes.MEMORY),
                hostile("subclass of a typed array", "class X extends Uint8Array {} new X(1e9)", ErrorTypes.MEMORY),
                hostile("three WebAssembly memories without maximum", "new WebAssembly.Memory({ initial: 1 });"
                        + " new WebAssembly.Memory({ initial: 1 }); new WebAssembly.Memory({ initial: 1 })", ErrorTypes.MEMORY),
                hostile("WebAssembly instances each with their own memory",
                        "const m = new WebAssembly.Module(" + GROW_WASM + "); for (;;) new WebAssembly.Instance(m)",
                        ErrorTypes.MEMORY),
                hostile("WebAssembly.instantiate from bytes, repeatedly",
                        "(async () => { for (;;) await WebAssembly.instantiate(" + GROW_WASM + ") })()", ErrorTypes.MEMORY),
                hostile("constructor taken from the global's descriptor before first use",
                        "const get = Object.getOwnPropertyDescriptor(globalThis, 'Uint8Array').get; new (get())(1e9)",
                        ErrorTypes.MEMORY),
                hostile("WebAssembly memory reached before any buffer global",
                        "const M = WebAssembly.Memory; new M({ initial: 1 }); new M({ initial: 1 }); new M({ initial: 1 })",
                        ErrorTypes.MEMORY),
                hostile("caught buffer error still ends as MemoryLimitError",
                        "try { new ArrayBuffer(2 ** 31) } catch (e) {} 'survived'", ErrorTypes.MEMORY),
                // deep recursion
                hostile("direct recursion", "function f() { return f() } f()", ErrorTypes.MEMORY),
                hostile("deeply nested result", "let o = {}; for (let i = 0; i < 1e6; i++) o = { o }; o", ErrorTypes.MEMORY),
                hostile("recursive getter", "const o = { get x() { return this.x } }; o.x", ErrorTypes.MEMORY),
                // output bombs
                hostile("long string result", "'x'.repeat(2e6)", ErrorTypes.OUTPUT),
                hostile("large array result", "new Array(300000).fill(1)", ErrorTypes.OUTPUT),
                hostile("many results over the output limit", "(() => 'y'.repeat(100000))", "[[],[],[],[],[]]",
                        ErrorTypes.OUTPUT),
                // user errors stay user errors
                hostile("syntax error", "1 +", ErrorTypes.SYNTAX),
                hostile("thrown TypeError", "null.x", ErrorTypes.ERROR),
                hostile("thrown primitive", "throw 42", ErrorTypes.ERROR),
                hostile("exit is not there", "quit(); exit(); process.exit()", ErrorTypes.ERROR),
                hostile("function mode with a non-function", "42", "[[1]]", ErrorTypes.ERROR),
                hostile("promise that never settles", "new Promise(() => {})", ErrorTypes.ERROR));
    }

    static Arguments hostile(String name, String code, String type) {
        return Arguments.of(name, code, null, type);
    }

    static Arguments hostile(String name, String code, String inputs, String type) {
        return Arguments.of(name, code, inputs, type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsAsTypedErrorAndTheWorkerLivesOn(String name, String code, String inputs, String type) {
        // Runaway code gets a short limit; bombs get the engine's long one, so that they reach
        // their memory limit rather than the clock on a slow machine.
        Integer timeoutMs = type.startsWith(ErrorTypes.TIMEOUT) ? 300 : null;
        JsonNode response = TestingEngine.run(TestingEngine.body(code, "hostile", inputs, timeoutMs));
        JsonNode results = response.get("results");
        boolean sawType = false;
        for (JsonNode r : results) {
            if (!r.get("ok").asBoolean()) {
                assertTrue(r.get("error").get("message").isTextual(), "error has a message: " + r);
                sawType |= java.util.List.of(type.split("\\|")).contains(r.get("error").get("type").asText());
            }
        }
        assertTrue(sawType, name + ": expected a " + type + " in " + response);

        JsonNode after = TestingEngine.script("[1, 2, 3].reduce((a, b) => a + b, 0)");
        assertTrue(after.get("ok").asBoolean(), "normal execution after '" + name + "': " + after);
        assertEquals(6, after.get("value").asInt());
    }

    @org.junit.jupiter.api.Test
    void aLengthThatLiesThroughValueOfIsReadOnce() {
        JsonNode r = TestingEngine.script("let n = 0; new ArrayBuffer({ valueOf() { return n++ ? 2 ** 31 : 1 } }).byteLength");
        assertTrue(r.get("ok").asBoolean(), r.toString());
        assertEquals(1, r.get("value").asInt(), "the size checked is the size allocated");
    }

    @ParameterizedTest(name = "budget is per execution: {0} MiB")
    @MethodSource("budgets")
    void bufferBudgetIsRestoredForEachExecution(int mib) {
        JsonNode r = TestingEngine.script("new Uint8Array(" + mib + " << 20).fill(7).length");
        assertTrue(r.get("ok").asBoolean(), r.toString());
        assertEquals(mib << 20, r.get("value").asInt());
    }

    static Stream<Integer> budgets() {
        return Stream.of(8, 16, 24, 16);
    }

    @ParameterizedTest(name = "wasm growth stops at the page cap: {0}")
    @MethodSource("growths")
    void wasmGrowthInsideWasmIsBoundedByThePageCap(String module, int expected) {
        JsonNode r = TestingEngine.script("new WebAssembly.Instance(new WebAssembly.Module(" + module
                + ")).exports.grow(100000)");
        assertTrue(r.get("ok").asBoolean(), r.toString());
        assertEquals(expected, r.get("value").asInt(), "memory.grow past the cap fails inside wasm (-1)");
        assertFalse(r.toString().contains("MemoryLimitError"));
    }

    static Stream<Arguments> growths() {
        return Stream.of(Arguments.of(GROW_WASM, -1), Arguments.of(GROW_WASM_MAX2, -1));
    }
}
