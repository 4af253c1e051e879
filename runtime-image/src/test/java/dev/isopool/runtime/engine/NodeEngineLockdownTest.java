package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine node's lockdown: what Node.js puts in reach of user code (process control, native code,
 * bindings, the environment, the file system, processes, the network, the module loader) ends as
 * a typed error or a harmless value, and the JVM and the worker live on. Without the lockdown
 * several of these end the JVM at once (process.exit, process.reallyExit, a throwing timer, an
 * unhandled rejection, a runaway timer callback).
 */
class NodeEngineLockdownTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                refused("process.exit", "process.exit(3)"),
                refused("process.reallyExit", "process.reallyExit(4)"),
                refused("process.abort", "process.abort()"),
                refused("process.kill of the JVM", "process.kill(process.pid, 'SIGKILL')"),
                refused("process.dlopen", "process.dlopen({ exports: {} }, '/lib/x86_64-linux-gnu/libc.so.6')"),
                refused("process.binding", "process.binding('fs')"),
                refused("process._linkedBinding", "process._linkedBinding('fs')"),
                refused("process.execve", "process.execve('/bin/sh', ['sh'])"),
                refused("process.chdir", "process.chdir('/')"),
                refused("process.getBuiltinModule", "process.getBuiltinModule('fs')"),
                refused("process.setUncaughtExceptionCaptureCallback",
                        "process.setUncaughtExceptionCaptureCallback(null)"),
                refused("process.stdin", "process.stdin.read()"),
                refused("the original exit kept in a descriptor",
                        "Object.getOwnPropertyDescriptor(process, 'exit').value(1)"),
                refused("require('fs')", "require('fs').readFileSync('/etc/passwd', 'utf8')"),
                refused("require('node:fs')", "require('node:fs')"),
                refused("require('child_process')", "require('child_process').execSync('id')"),
                refused("require('net')", "require('net').connect(80, '127.0.0.1')"),
                refused("require('http')", "require('http')"),
                refused("require('worker_threads')", "require('worker_threads')"),
                refused("require('vm')", "require('vm').runInThisContext('1')"),
                refused("require('v8')", "require('v8')"),
                refused("require('inspector')", "require('inspector')"),
                refused("require('module')", "require('module')"),
                refused("require('os')", "require('os').userInfo()"),
                refused("require('async_hooks')", "require('async_hooks')"),
                refused("require of a file", "require('/etc/passwd')"),
                refused("require.cache", "Object.keys(require.cache)"),
                refused("require.resolve", "require.resolve('fs')"),
                refused("module.constructor._load", "module.constructor._load('fs')"),
                refused("process.mainModule", "process.mainModule.require('fs')"),
                refused("dynamic import of node:fs", "import('node:fs')"),
                refused("dynamic import from a Function", "Function('return import(\"fs\")')()"),
                refused("fetch", "fetch('http://127.0.0.1:1/')"),
                refused("WebSocket", "new WebSocket('ws://127.0.0.1:1/')"),
                refused("BroadcastChannel across runtimes", "new BroadcastChannel('tenants')"),
                refused("crypto.setEngine loads a shared library", "require('crypto').setEngine('/tmp/x.so')"));
    }

    static Arguments refused(String name, String code) {
        return Arguments.of(name, code);
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("refused")
    void endsAsAnErrorAndTheJvmLivesOn(String name, String code) {
        JsonNode r = TestingNodeEngine.script(code, "lockdown");
        assertFalse(r.get("ok").asBoolean(), name + " must fail: " + r);
        assertEquals(ErrorTypes.ERROR, r.get("error").get("type").asText(), name + ": " + r);
        NodeEngineHostileTest.assertNormalExecution(name);
    }

    static Stream<Arguments> harmless() {
        return Stream.of(
                harmless("the environment is empty", "Object.keys(process.env).length + ':' + process.env.PATH", "0:undefined"),
                harmless("the environment cannot be written through",
                        "process.env.LD_PRELOAD = '/tmp/x.so'; require('util').format('%s', process.env.LD_PRELOAD)",
                        "/tmp/x.so"),
                harmless("argv and execPath do not reveal the host", "process.argv.join() + process.execPath", "nodenode"),
                harmless("the title cannot be set", "try { process.title = 'x' } catch (e) {} process.title", "node"),
                harmless("stdout is a sink", "String(process.stdout.write('x'.repeat(1000)))", "true"),
                harmless("console is captured, not printed", "for (let i = 0; i < 1000; i++) console.log('x'); typeof console.log", "function"),
                harmless("signal listeners install no handler", "process.on('SIGTERM', () => {}); process.on('SIGINT', () => {});"
                        + " process.getActiveResourcesInfo().filter(r => /Signal/.test(r)).length", "0"),
                harmless("replacing the global process changes nothing", "globalThis.process = { exit() { return 'fake' } };"
                        + " process.exit()", "fake"),
                harmless("the process constructor gives nothing", "typeof process.constructor.prototype.exit", "undefined"),
                harmless("an unhandled rejection is ignored", "Promise.reject(new Error('nobody listens')); 'fine'", "fine"),
                harmless("a timer loop left behind does not outlive its execution",
                        "setInterval(() => { for (;;) {} }, 1); 'answered'", "answered"),
                harmless("a throwing timer left behind does not outlive its execution",
                        "setTimeout(() => { throw new Error('later') }, 1); 'answered'", "answered"),
                harmless("the network globals are gone", "[typeof fetch, typeof WebSocket, typeof Request].join()",
                        "undefined,undefined,undefined"));
    }

    static Arguments harmless(String name, String code, String expected) {
        return Arguments.of(name, code, expected);
    }

    @ParameterizedTest(name = "harmless: {0}")
    @MethodSource("harmless")
    void givesAHarmlessValue(String name, String code, String expected) {
        JsonNode r = TestingNodeEngine.script(code, "harmless");
        assertTrue(r.get("ok").asBoolean(), name + ": " + r);
        assertEquals(expected, r.get("value").asText(), name);
        NodeEngineHostileTest.assertNormalExecution(name);
    }

    static Stream<Arguments> typed() {
        return Stream.of(
                Arguments.of("constructor taken from the global's descriptor", "const U = Object.getOwnPropertyDescriptor("
                        + "globalThis, 'Uint8Array').value; new U(1e9)", ErrorTypes.MEMORY),
                Arguments.of("Buffer.allocUnsafe beyond the budget", "Buffer.allocUnsafe(2 ** 31)", ErrorTypes.MEMORY),
                Arguments.of("Buffer.alloc in a loop", "const k = []; for (;;) k.push(Buffer.alloc(1 << 20))", ErrorTypes.MEMORY),
                Arguments.of("new Buffer in a loop", "const k = []; for (;;) k.push(new Buffer(1 << 20))", ErrorTypes.MEMORY),
                Arguments.of("Buffer.from a huge array-like", "Buffer.from({ length: 2 ** 31 })", ErrorTypes.MEMORY),
                Arguments.of("Buffer.from copies in a loop",
                        "const b = Buffer.alloc(1 << 20); const k = []; for (;;) k.push(Buffer.from(b))", ErrorTypes.MEMORY),
                Arguments.of("Buffer.concat amplification",
                        "const b = Buffer.alloc(1 << 20); Buffer.concat(new Array(1000).fill(b))", ErrorTypes.MEMORY),
                Arguments.of("crypto.randomBytes beyond the budget", "require('crypto').randomBytes(2 ** 30)", ErrorTypes.MEMORY),
                Arguments.of("pbkdf2 key length beyond the budget",
                        "require('crypto').pbkdf2Sync('p', 's', 1, 2 ** 30, 'sha256')", ErrorTypes.MEMORY),
                Arguments.of("gzip bomb", "const z = require('zlib'); const one = z.gzipSync(Buffer.alloc(1 << 20));"
                        + " z.gunzipSync(Buffer.concat(new Array(64).fill(one)))", ErrorTypes.MEMORY),
                Arguments.of("runaway timer callback", "new Promise(r => setTimeout(() => { for (;;) {} }, 1))", ErrorTypes.TIMEOUT),
                Arguments.of("runaway nextTick recursion", "process.nextTick(function f() { process.nextTick(f) }); 1",
                        ErrorTypes.TIMEOUT),
                Arguments.of("setImmediate loop keeping the result pending",
                        "new Promise(() => { setImmediate(function f() { setImmediate(f) }) })", ErrorTypes.TIMEOUT),
                Arguments.of("a timer far beyond the deadline", "new Promise(r => setTimeout(r, 600000))", ErrorTypes.TIMEOUT),
                Arguments.of("Atomics.wait forever on shared memory", "const m = new WebAssembly.Memory({ initial: 1, maximum: 1,"
                        + " shared: true }); Atomics.wait(new Int32Array(m.buffer), 0, 0)", ErrorTypes.TIMEOUT),
                Arguments.of("heap bomb inside a timer", "new Promise(() => setTimeout(() => { const a = [];"
                        + " for (;;) a.push(new Array(1e5).fill(1)) }, 1))", ErrorTypes.MEMORY),
                Arguments.of("a callback throws before the result settles",
                        "setTimeout(() => { throw new Error('boom') }, 1); new Promise(r => setTimeout(r, 200))", ErrorTypes.ERROR),
                Arguments.of("a nextTick callback throws", "process.nextTick(() => { throw new Error('tick') });"
                        + " new Promise(r => setTimeout(r, 200))", ErrorTypes.ERROR));
    }

    @ParameterizedTest(name = "typed: {0}")
    @MethodSource("typed")
    void endsAsTypedError(String name, String code, String type) {
        int timeoutMs = type.equals(ErrorTypes.TIMEOUT) ? 300 : TestingEngine.TIMEOUT_MS;
        long started = System.nanoTime();
        JsonNode r = TestingNodeEngine.script(code, "typed", timeoutMs);
        assertFalse(r.get("ok").asBoolean(), name + ": " + r);
        assertEquals(type, r.get("error").get("type").asText(), name + ": " + r);
        if (type.equals(ErrorTypes.TIMEOUT)) {
            assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, name + " ended near its deadline");
        }
        NodeEngineHostileTest.assertNormalExecution(name);
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("util", "require('util').format('%s=%d', 'x', 42)", "x=42"),
                Arguments.of("events", "const E = require('events'); const e = new E(); let got; e.on('x', v => { got = v });"
                        + " e.emit('x', 'y'); got", "y"),
                Arguments.of("buffer", "require('node:buffer').Buffer.from('hi').toString('base64')", "aGk="),
                Arguments.of("string_decoder", "new (require('string_decoder').StringDecoder)('utf8').write(Buffer.from([0xe2, 0x82, 0xac]))",
                        "\u20ac"),
                Arguments.of("url", "new (require('url').URL)('https://a.example/p?q=1').searchParams.get('q')", "1"),
                Arguments.of("querystring", "require('querystring').stringify({ a: 1, b: 'x y' })", "a=1&b=x%20y"),
                Arguments.of("path", "require('path').join('/a', '..', 'b')", "/b"),
                Arguments.of("crypto (sync)", "require('crypto').createHash('sha256').update('x').digest('hex').slice(0, 8)", "2d711642"),
                Arguments.of("crypto (libuv pool)", "new Promise((ok, ko) => require('crypto').pbkdf2('p', 's', 1000, 8, 'sha256',"
                        + " (e, k) => e ? ko(e) : ok(k.toString('hex'))))", "07f5f5e23e40846c"),
                Arguments.of("zlib (libuv pool)", "const z = require('zlib'); new Promise((ok, ko) => z.gzip('hello', (e, b) =>"
                        + " e ? ko(e) : ok(z.gunzipSync(b).toString())))", "hello"),
                Arguments.of("timers", "new Promise(r => setTimeout(() => r('later'), 20))", "later"),
                Arguments.of("timers/promises", "require('timers/promises').setTimeout(10, 'slept')", "slept"),
                Arguments.of("async function over a timer",
                        "(async () => { await new Promise(r => setImmediate(r)); return 'done' })()", "done"));
    }

    @ParameterizedTest(name = "allowed: {0}")
    @MethodSource("allowed")
    void pureModulesWork(String name, String code, String expected) {
        JsonNode r = TestingNodeEngine.script(code, "allowed");
        assertTrue(r.get("ok").asBoolean(), name + ": " + r);
        assertEquals(expected, r.get("value").asText(), name);
    }

    @Test
    void aTimerLeftBehindNeverRunsInTheNextExecution() {
        JsonNode first = TestingNodeEngine.script("globalThis.ticks = 0; setInterval(() => ticks++, 1); 'started'", "leftover");
        assertEquals("started", first.get("value").asText());
        // Same tenant, same code: the context would be reused, but the first one left a timer behind.
        JsonNode again = TestingNodeEngine.script("globalThis.ticks = 0; setInterval(() => ticks++, 1); 'started'", "leftover");
        assertEquals("started", again.get("value").asText());
        JsonNode later = TestingNodeEngine.script("typeof ticks", "leftover");
        assertEquals("undefined", later.get("value").asText(), "the runtime with the timer was replaced");
    }

    @Test
    void batchesSettleEveryPromise() {
        JsonNode response = TestingNodeEngine.run(TestingEngine.body(
                "(x) => new Promise(r => setTimeout(() => r(x * 2), 5 * x))", "batch", "[[3],[1],[2]]"));
        JsonNode results = response.get("results");
        assertEquals(6, results.get(0).get("value").asInt(), response.toString());
        assertEquals(2, results.get(1).get("value").asInt());
        assertEquals(4, results.get(2).get("value").asInt());
    }
}
