package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing crosses between tenants or codes, and user code reaches nothing of the host. One
 * worker serves every execution here, so tenant B always runs in the isolate tenant A just used.
 */
class IsolationTest {

    static Stream<Arguments> leaks() {
        return Stream.of(
                leak("globals", "globalThis.secret = 'A'; var alsoSecret = 'A'; 1",
                        "typeof secret + typeof alsoSecret", "undefinedundefined"),
                leak("Object.prototype", "Object.prototype.pwned = 'A'; 1", "String(({}).pwned)", "undefined"),
                leak("Array.prototype.push", "Array.prototype.push = function () { return 'A' }; 1",
                        "const a = []; a.push(1); a.length", "1"),
                leak("JSON.stringify", "JSON.stringify = () => '\"A\"'; 1", "JSON.stringify({ b: 1 })", "{\"b\":1}"),
                leak("Symbol.for keyed prototype property", "Object.prototype[Symbol.for('k')] = 'A'; 1",
                        "String(({})[Symbol.for('k')])", "undefined"),
                leak("Error.prepareStackTrace", "Error.prepareStackTrace = () => 'A'; 1",
                        "String(new Error('x').stack).includes('A') ? 'leaked' : 'clean'", "clean"),
                leak("Error.stackTraceLimit", "Error.stackTraceLimit = 0; 1", "String(Error.stackTraceLimit)", "10"),
                leak("pending promise jobs", "let p = Promise.resolve(); for (let i = 0; i < 1000; i++) p = p.then(() => 0);"
                        + " p.then(() => { globalThis.late = 'A' }); 1", "typeof late", "undefined"),
                leak("FinalizationRegistry callback", "const r = new FinalizationRegistry(() => { Object.prototype.fr = 'A' });"
                        + " for (let i = 0; i < 1000; i++) r.register({}, i); globalThis.r = r; 1",
                        "new Array(1e5).fill(0).map(String).length && String(({}).fr)", "undefined"),
                leak("WeakRef", "globalThis.w = new WeakRef({ s: 'A' }); 1", "typeof w", "undefined"),
                leak("RegExp legacy statics", "/(secret-A)/.exec('secret-A'); 1", "String(RegExp.$1)", ""),
                leak("top-level let", "let topLevel = 'A'; 1", "typeof topLevel", "undefined"),
                leak("frozen global", "Object.freeze(globalThis); 1", "globalThis.x = 1; String(globalThis.x)", "1"),
                leak("replaced Promise.prototype.then", "Promise.prototype.then = function () { return 'A' }; 1",
                        "Promise.resolve(5)", "5"),
                leak("WebAssembly namespace", "WebAssembly.Module = function () { return 'A' }; 1",
                        "typeof WebAssembly.Module.exports", "function"));
    }

    static Arguments leak(String name, String tenantA, String tenantB, String expected) {
        return Arguments.of(name, tenantA, tenantB, expected);
    }

    @ParameterizedTest(name = "no leak across tenants: {0}")
    @MethodSource("leaks")
    void nothingCrossesTenants(String name, String codeA, String codeB, String expected) {
        JsonNode a = TestingEngine.script(codeA, "tenant-a");
        assertTrue(a.get("ok").asBoolean() || a.get("error") != null, a.toString());
        JsonNode b = TestingEngine.script(codeB, "tenant-b");
        assertTrue(b.get("ok").asBoolean(), name + ": " + b);
        assertEquals(expected, b.get("value").asText(), name);
    }

    @ParameterizedTest(name = "no leak across codes of one tenant: {0}")
    @MethodSource("leaks")
    void nothingCrossesCodesOfOneTenant(String name, String codeA, String codeB, String expected) {
        TestingEngine.script(codeA, "same-tenant");
        JsonNode b = TestingEngine.script(codeB, "same-tenant");
        assertTrue(b.get("ok").asBoolean(), name + ": " + b);
        assertEquals(expected, b.get("value").asText(), name);
    }

    @Test
    void batchReusesOneContextAcrossInputs() {
        JsonNode response = TestingEngine.run(TestingEngine.body(
                "globalThis.calls = 0; (x) => { calls++; return calls + x }", "batch", "[[10],[10],[10]]"));
        JsonNode results = response.get("results");
        assertEquals(11, results.get(0).get("value").asInt());
        assertEquals(13, results.get(2).get("value").asInt());
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                escape("host globals", "['java', 'Packages', 'javet', 'process', 'require', 'module', 'Deno', 'Bun',"
                        + " 'load', 'print', 'quit', 'os', 'fetch', 'XMLHttpRequest', 'SharedArrayBuffer']"
                        + ".filter(n => n in globalThis).join()", ""),
                escape("Function constructor chain", "Function('return typeof process + typeof java')()",
                        "undefinedundefined"),
                escape("constructor chain from an error",
                        "try { null.x } catch (e) { e.constructor.constructor('return Object.getOwnPropertyNames(this)"
                                + ".filter(n => /java|host|process|require/i.test(n)).join()')() }", ""),
                escape("Reflect over the global object",
                        "Reflect.ownKeys(globalThis).filter(k => typeof k === 'string' && /java|host|isopool|clock/i.test(k)).join()",
                        ""),
                escape("Proxy as a prototype of the global", "const seen = []; Object.setPrototypeOf(globalThis,"
                        + " new Proxy(Object.getPrototypeOf(globalThis), { get(t, k, r) { seen.push(String(k)); return Reflect.get(t, k, r) } }));"
                        + " typeof someHostThing; seen.filter(k => /java|host/i.test(k)).join()", ""),
                escape("stack frames from prepareStackTrace", "Error.prepareStackTrace = (e, frames) => frames.map(f =>"
                        + " [typeof f.getThis(), typeof f.getFunction(), String(f.getFileName())].join(':')).join(';');"
                        + " /java|Java/.test(new Error().stack) ? 'host frame' : 'no host frame'", "no host frame"),
                escape("Promise species", "class P extends Promise { static get [Symbol.species]() { return Promise } };"
                        + " let got; P.resolve(1).then(v => { got = v }); typeof got", "undefined"),
                escape("WebAssembly imports reach only JavaScript", "const i = new WebAssembly.Instance(new WebAssembly.Module("
                        + HostileInputTest.GROW_WASM + "), {}); Object.keys(i.exports).join()", "mem,grow"),
                escape("eval runs in the same sandbox", "eval('typeof process') + (0, eval)('typeof java')",
                        "undefinedundefined"),
                escape("console is captured, not printed", "for (let i = 0; i < 1000; i++) console.log('x'); typeof console.log",
                        "function"));
    }

    static Arguments escape(String name, String code, String expected) {
        return Arguments.of(name, code, expected);
    }

    @ParameterizedTest(name = "no host reach: {0}")
    @MethodSource("escapes")
    void userCodeReachesNothingOfTheHost(String name, String code, String expected) {
        JsonNode r = TestingEngine.script(code, "escaper");
        assertTrue(r.get("ok").asBoolean(), name + ": " + r);
        assertEquals(expected, r.get("value").asText(), name);
        JsonNode after = TestingEngine.script("2 + 2");
        assertEquals(4, after.get("value").asInt());
    }
}
