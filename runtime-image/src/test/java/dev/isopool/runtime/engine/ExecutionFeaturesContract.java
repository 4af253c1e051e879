package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What both engines promise of console output, the CPU-time limit and asynchronous code
 * (DESIGN.md, "HTTP API v1"), run against a real engine with one worker: every hostile case
 * ends as its typed error, and a normal execution on the same worker succeeds right after.
 */
abstract class ExecutionFeaturesContract {
    /** A busy loop that only the CPU limit (50 ms) can end before the wall limit (20 s). */
    static final String WASM_LOOP = "new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0,"
            + " 1,4,1,96,0,0, 3,2,1,0, 7,8,1,4,115,112,105,110,0,0, 10,9,1,7,0,3,64,12,0,11,11]))).exports.spin()";

    /** Runs a request (JSON text) on this engine; returns the response. */
    abstract JsonNode run(String body);

    /** The first result of running {@code code} with the request fields in {@code fields}. */
    JsonNode result(String code, String... fields) {
        ObjectNode body = TestingEngine.MAPPER.createObjectNode().put("code", code);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String value = fields[i + 1];
            if (value.matches("-?\\d+")) {
                body.put(fields[i], Integer.parseInt(value));
            } else {
                body.put(fields[i], value);
            }
        }
        return run(body.toString()).get("results").get(0);
    }

    void assertWorkerLivesOn() {
        JsonNode after = result("[1, 2, 3].map(x => x * 2).join()");
        assertTrue(after.get("ok").asBoolean(), "a normal execution right after: " + after);
        assertEquals("2,4,6", after.get("value").asText());
        assertNull(after.get("logs"), "nothing of an earlier execution's console reaches a later one: " + after);
    }

    static void assertError(JsonNode r, String type, String fragment) {
        assertFalse(r.get("ok").asBoolean(), r.toString());
        assertEquals(type, r.get("error").get("type").asText(), r.toString());
        assertTrue(r.get("error").get("message").asText().contains(fragment), r.toString());
    }

    static String messageOf(JsonNode r, int entry) {
        return r.get("logs").get(entry).get("message").asText();
    }

    // ---- the inputs, which only the isolate parses

    @Test
    void inputsThatAreNotJsonInsideAreMalformedAndTheContextServesOn() {
        String code = "(() => { globalThis.runs = (globalThis.runs || 0) + 1; return (x) => x * 10 + runs; })()";
        for (String inputs : new String[] {"[[1],[2,,3]]", "[[1],[tru]]", "[[\"a\\q\"]]", "[[1e]]", "[[{\"a\" 1}]]"}) {
            JsonNode r = run("{\"code\":" + TestingEngine.MAPPER.valueToTree(code) + ",\"tenant\":\"inputs-once\","
                    + "\"inputs\":" + inputs + "}");
            assertNull(r.get("results"), inputs + ": " + r);
            assertTrue(r.get("error").asText().startsWith("the body is not valid JSON: 'inputs' "), inputs + ": " + r);
        }
        // The same tenant and code: the context the malformed requests were given runs the code once now.
        JsonNode ok = run("{\"code\":" + TestingEngine.MAPPER.valueToTree(code) + ",\"tenant\":\"inputs-once\","
                + "\"inputs\":[[1],[2]]}");
        assertEquals("[11, 21]", ok.get("results").findValues("value").toString(), ok.toString());
        assertWorkerLivesOn();
    }

    @Test
    void inputsAreMalformedEvenWhenTheCodeWouldFail() {
        JsonNode r = run("{\"code\":\"this is not code\",\"inputs\":[[1,]]}");
        assertTrue(r.get("error").asText().contains("'inputs'"), r.toString());
    }

    // ---- console

    @Test
    void consoleLogAnswersBesideTheValue() {
        JsonNode r = result("console.log(\"hi\", {a: 1}); 2");
        assertEquals(2, r.get("value").asInt(), r.toString());
        assertEquals(1, r.get("logs").size(), r.toString());
        assertEquals("log", r.get("logs").get(0).get("level").asText());
        assertEquals("hi { a: 1 }", messageOf(r, 0));
        assertNull(r.get("logsTruncated"));
        assertNull(result("1 + 1").get("logs"), "no logs field when nothing was written");
    }

    @Test
    void eachLevelIsKept() {
        JsonNode r = result("console.log('l'); console.info('i'); console.warn('w'); console.error('e'); console.debug('d'); 0");
        StringBuilder seen = new StringBuilder();
        r.get("logs").forEach(e -> seen.append(e.get("level").asText()).append('=').append(e.get("message").asText()).append(' '));
        assertEquals("log=l info=i warn=w error=e debug=d ", seen.toString());
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("'%s is %d years', 'Bob', 42", "Bob is 42 years"),
                Arguments.of("'plain', 1, -0, NaN, Infinity, 'b%s'", "plain 1 -0 NaN Infinity b%s"),
                Arguments.of("'100%'", "100%"),
                Arguments.of("'%i %f %j %%', 42.9, '1.5', {a: [1]}", "42 1.5 {\"a\":[1]} %"),
                Arguments.of("[1, 2, 3]", "[ 1, 2, 3 ]"),
                Arguments.of("['a', \"it's\"]", "[ 'a', \"it's\" ]"),
                Arguments.of("{a: {b: {c: {d: 1}}}}", "{ a: { b: { c: [Object] } } }"),
                Arguments.of("(() => { const o = {n: 1}; o.self = o; return o })()", "<ref *1> { n: 1, self: [Circular *1] }"),
                Arguments.of("'%j', (() => { const o = {}; o.o = o; return o })()", "[Circular]"),
                Arguments.of("new Map([['k', 1]]), new Set([1, 'x'])", "Map(1) { 'k' => 1 } Set(2) { 1, 'x' }"),
                Arguments.of("function named() {}, () => 1, class K {}", "[Function: named] [Function (anonymous)] [class K]"),
                Arguments.of("new (class Point { constructor() { this.x = 1 } })()", "Point { x: 1 }"),
                Arguments.of("Object.assign(Object.create(null), {a: 1})", "[Object: null prototype] { a: 1 }"),
                Arguments.of("null, undefined, -0, 10n, Symbol('s'), true", "null undefined -0 10n Symbol(s) true"),
                Arguments.of("{ 'a-b': 1, [Symbol('k')]: 2, get g() { return 1 } }", "{ 'a-b': 1, g: [Getter], Symbol(k): 2 }"),
                Arguments.of("[1, , 3]", "[ 1, <1 empty item>, 3 ]"),
                Arguments.of("new Uint8Array([1, 2])", "Uint8Array(2) [ 1, 2 ]"),
                Arguments.of("new Date(0), /a+b/gi", "1970-01-01T00:00:00.000Z /a+b/gi"),
                Arguments.of("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "[\n  1, 2, 3, 4,  5,\n  6, 7, 8, 9, 10\n]"),
                Arguments.of("{ alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: 3 }",
                        "{\n  alpha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n  gamma: 3\n}"),
                Arguments.of("'%s', [1, [2]]", "[ 1, [Array] ]"),
                Arguments.of("'%c styled', 'color: red'", " styled"),
                Arguments.of("new Array(150).fill(0).length, Array.from({length: 101}, (_, i) => i).slice(99)", "150 [ 99, 100 ]"));
    }

    @ParameterizedTest(name = "console.log({0})")
    @MethodSource("formats")
    void argumentsAreFormattedAsUtilFormatDoes(String args, String expected) {
        JsonNode r = result("console.log(" + args + "); 0");
        assertEquals(expected, messageOf(r, 0), r.toString());
    }

    @Test
    void theByteCapKeepsTheFirstBytesAndSaysHowManyWentMissing() {
        JsonNode r = result("for (let i = 0; i < 100000; i++) console.log('x'.repeat(100)); 'done'");
        assertEquals("done", r.get("value").asText());
        JsonNode logs = r.get("logs");
        long kept = 0;
        for (int i = 0; i < logs.size() - 1; i++) {
            kept += logs.get(i).get("message").asText().length();
        }
        assertEquals(TestingEngine.LOG_BYTES, kept, "the cap is filled exactly, the crossing entry cut");
        JsonNode last = logs.get(logs.size() - 1);
        assertEquals("warn", last.get("level").asText());
        assertEquals((100_000L * 100 - TestingEngine.LOG_BYTES) + " bytes of console output dropped", last.get("message").asText());
        assertTrue(r.get("logsTruncated").asBoolean());
        assertWorkerLivesOn();
    }

    @Test
    void aHugeLineIsCutAtTheCapInUtf8Bytes() {
        JsonNode r = result("console.log('é'.repeat(1e6)); 1");
        String kept = messageOf(r, 0);
        assertEquals(TestingEngine.LOG_BYTES / 2, kept.length(), "two bytes a character");
        assertEquals((2_000_000L - TestingEngine.LOG_BYTES) + " bytes of console output dropped", messageOf(r, 1));
        assertWorkerLivesOn();
    }

    @Test
    void eachBatchResultCarriesItsOwnLogs() {
        JsonNode results = run(TestingEngine.body("(x) => { console.log('in', x); return x * 2 }", "batch-logs",
                "[[1],[2],[3]]")).get("results");
        for (int i = 0; i < 3; i++) {
            assertEquals("in " + (i + 1), messageOf(results.get(i), 0), results.toString());
            assertEquals(1, results.get(i).get("logs").size(), results.toString());
        }
    }

    static Stream<Arguments> formattingTraps() {
        return Stream.of(
                Arguments.of("a throwing toString", "console.log('%s', { toString() { throw new Error('boom') } })",
                        "boom"),
                Arguments.of("a Proxy whose traps throw",
                        "console.log(new Proxy({}, { ownKeys() { throw new Error('trap') }, getPrototypeOf() { throw new Error('trap') } }))",
                        "trap"),
                Arguments.of("a getter that loops", "console.log({ get x() { for (;;) {} } })", "{ x: [Getter] }"),
                Arguments.of("a cyclic object", "const a = [1]; a.push(a); console.log(a)", "<ref *1> [ 1, [Circular *1] ]"),
                Arguments.of("a throwing Symbol.toPrimitive", "console.log('%d', { [Symbol.toPrimitive]() { throw new Error('prim') } })",
                        "prim"),
                Arguments.of("deep nesting", "let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; console.log(o)",
                        "{ o: { o: { o: [Object] } } }"));
    }

    @ParameterizedTest(name = "formatting survives {0}")
    @MethodSource("formattingTraps")
    void formattingTrapsGiveSomethingSane(String name, String code, String fragment) {
        JsonNode r = result(code + "; 'after'");
        assertEquals("after", r.get("value").asText(), r.toString());
        assertTrue(messageOf(r, 0).contains(fragment), r.toString());
        assertWorkerLivesOn();
    }

    @Test
    void aProxyWhoseTrapLoopsEndsAtTheExecutionsLimit() {
        JsonNode r = result("console.log(new Proxy({}, { ownKeys() { for (;;) {} } })); 1", "timeoutMs", "300");
        assertError(r, ErrorTypes.TIMEOUT, "wall-time limit of 300 ms");
        assertWorkerLivesOn();
    }

    @Test
    void logsWrittenBeforeATerminationAreKept() {
        JsonNode r = result("console.log('before'); while (true) {}", "timeoutMs", "200");
        assertError(r, ErrorTypes.TIMEOUT, "200 ms");
        assertEquals("before", messageOf(r, 0), r.toString());
        assertWorkerLivesOn();
    }

    // ---- CPU time

    @Test
    void aBusyLoopEndsAtItsCpuLimit() {
        JsonNode r = result("while (true) {}", "cpuMs", "50");
        assertError(r, ErrorTypes.CPU, "CPU-time limit of 50 ms");
        long cpuUs = r.get("cpuUs").asLong();
        System.out.println("busy loop with cpuMs 50: cpuUs=" + cpuUs + " durationUs=" + r.get("durationUs").asLong());
        assertTrue(cpuUs >= 50_000 && cpuUs < 5_000_000, "about 50 ms of CPU: " + r);
        assertWorkerLivesOn();
    }

    @Test
    void everyResultCarriesItsCpuTime() {
        JsonNode results = run(TestingEngine.body("(n) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s }",
                "cpu", "[[10],[100000],[10]]")).get("results");
        results.forEach(r -> assertTrue(r.get("cpuUs").asLong() >= 0, results.toString()));
        assertTrue(result("let s = 0; for (let i = 0; i < 1e6; i++) s += i; s").get("cpuUs").asLong() > 0);
    }

    @Test
    void waitingForATimerCostsWallTimeNotCpu() {
        JsonNode r = result("new Promise(r => setTimeout(() => r(5), 300))", "cpuMs", "50", "timeoutMs", "5000");
        assertEquals(5, r.get("value").asInt(), r.toString());
        assertTrue(r.get("durationUs").asLong() >= 250_000, r.toString());
        assertTrue(r.get("cpuUs").asLong() < 250_000, "the wait used no CPU: " + r);
    }

    static Stream<Arguments> cpuEvasions() {
        return Stream.of(
                Arguments.of("an async loop", "(async () => { for (;;) { await null } })()"),
                Arguments.of("timer callbacks", "setInterval(() => { const end = Date.now() + 5; while (Date.now() < end); }, 0);"
                        + " new Promise(() => {})"),
                Arguments.of("a chain of timeouts", "new Promise(() => { const spin = () => { const end = Date.now() + 5;"
                        + " while (Date.now() < end); setTimeout(spin, 0) }; spin() })"),
                Arguments.of("a WebAssembly loop", WASM_LOOP),
                Arguments.of("a catastrophic regex", "/(a+)+$/.test('a'.repeat(40) + 'b')"),
                Arguments.of("microtasks after the script", "Promise.resolve().then(function f() { Promise.resolve().then(f) }); 1"));
    }

    @ParameterizedTest(name = "the CPU limit holds across {0}")
    @MethodSource("cpuEvasions")
    void theCpuLimitHoldsAcross(String name, String code) {
        JsonNode r = result(code, "cpuMs", "50", "timeoutMs", "20000");
        assertError(r, ErrorTypes.CPU, "CPU-time limit of 50 ms");
        System.out.println(name + ": cpuUs=" + r.get("cpuUs").asLong() + " durationUs=" + r.get("durationUs").asLong());
        assertTrue(r.get("durationUs").asLong() < 15_000_000, "ended by the CPU clock, long before the wall one: " + r);
        assertWorkerLivesOn();
    }

    // ---- asynchronous code and timers

    static Stream<Arguments> asyncCode() {
        return Stream.of(
                Arguments.of("a timeout", "new Promise(r => setTimeout(() => r(5), 10))", "5"),
                Arguments.of("timer arguments", "new Promise(r => setTimeout((a, b) => r(a + b), 1, 2, 3))", "5"),
                Arguments.of("an interval cleared after three", "new Promise(r => { let n = 0;"
                        + " const id = setInterval(() => { if (++n === 3) { clearInterval(id); r(n) } }, 1) })", "3"),
                Arguments.of("a cleared timeout never fires", "new Promise(r => { const id = setTimeout(() => r('fired'), 5);"
                        + " clearTimeout(id); setTimeout(() => r('cleared'), 20) })", "cleared"),
                Arguments.of("queueMicrotask runs before timers", "new Promise(r => { const out = [];"
                        + " setTimeout(() => r(out.join()), 0); queueMicrotask(() => out.push('micro')); out.push('sync') })",
                        "sync,micro"),
                Arguments.of("timers fire in order of due time", "new Promise(r => { const out = [];"
                        + " setTimeout(() => out.push('b'), 20); setTimeout(() => out.push('a'), 5);"
                        + " setTimeout(() => r(out.join()), 40) })", "a,b"),
                Arguments.of("an async function", "(async () => { await new Promise(r => setTimeout(r, 5)); return 'awaited' })()",
                        "awaited"),
                Arguments.of("a thenable", "({ then(resolve) { setTimeout(() => resolve('thenable'), 1) } })", "thenable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asyncCode")
    void asynchronousResultsAreAwaited(String name, String code, String expected) {
        JsonNode r = result(code);
        assertTrue(r.get("ok").asBoolean(), r.toString());
        assertEquals(expected, r.get("value").asText());
    }

    @Test
    void aRejectionIsTheResultsError() {
        assertError(result("new Promise((_, reject) => setTimeout(() => reject(new TypeError('late')), 1))"),
                ErrorTypes.ERROR, "TypeError: late");
    }

    @Test
    void aCallbackThatThrowsEndsThePendingResult() {
        assertError(result("new Promise(r => setTimeout(() => { throw new Error('cb') }, 1))"), ErrorTypes.ERROR,
                "a callback threw before the result settled: Error: cb");
        assertWorkerLivesOn();
    }

    @Test
    void aPromiseNothingCanSettleSaysSo() {
        assertError(result("new Promise(() => {})"), ErrorTypes.ERROR, "never settled");
    }

    @Test
    void aTimerBeyondTheWallLimitIsATimeout() {
        assertError(result("new Promise(r => setTimeout(r, 600000))", "timeoutMs", "200"), ErrorTypes.TIMEOUT, "200 ms");
        assertWorkerLivesOn();
    }

    @Test
    void anIntervalOfZeroEndsAtTheWallLimit() {
        assertError(result("setInterval(() => {}, 0); new Promise(() => {})", "timeoutMs", "300"), ErrorTypes.TIMEOUT, "300 ms");
        assertWorkerLivesOn();
    }

    @Test
    void aTimerFloodDoesNotStickTheWorker() {
        JsonNode r = result("for (let i = 0; i < 1e6; i++) setTimeout(() => {}, 0); 'flooded'", "timeoutMs", "10000");
        System.out.println("a million setTimeout calls: " + r);
        assertTrue(!r.get("ok").asBoolean() || r.get("value").asText().equals("flooded"), r.toString());
        assertWorkerLivesOn();
    }

    @Test
    void nothingOfAnExecutionRunsAfterItsAnswer() throws InterruptedException {
        String code = "globalThis.fired = globalThis.fired || 0; setTimeout(() => { globalThis.fired++ }, 50);"
                + " console.log('scheduled'); globalThis.fired";
        assertEquals(0, result(code, "tenant", "after-answer").get("value").asInt());
        Thread.sleep(200);
        JsonNode again = result(code, "tenant", "after-answer");
        assertEquals(0, again.get("value").asInt(), "the timer was cancelled with the answer: " + again);
        assertEquals(1, again.get("logs").size(), again.toString());
    }

    @Test
    void timersNeverCrossTenants() {
        result("setTimeout(() => { globalThis.leak = 'A' }, 1); new Promise(r => setTimeout(r, 50))", "tenant", "tenant-a");
        JsonNode b = result("new Promise(r => setTimeout(() => r(typeof globalThis.leak), 100))", "tenant", "tenant-b");
        assertEquals("undefined", b.get("value").asText(), b.toString());
        JsonNode otherCode = result("new Promise(r => setTimeout(() => r(typeof globalThis.leak), 100)) // other code",
                "tenant", "tenant-a");
        assertEquals("undefined", otherCode.get("value").asText(), otherCode.toString());
    }
}
