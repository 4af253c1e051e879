package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prelude's step that looks at the context's own globals holds in every fresh context, for
 * the globals only some V8 builds and flags have (Float16Array, SharedArrayBuffer, WebAssembly,
 * Uint8Array.fromHex, ...). Each case runs in several fresh contexts in a row (a new tenant each),
 * so it covers the first context of an isolate and the ones after a reset alike.
 */
class FreshContextTest {
    private static final int CONTEXTS = 3;

    static Stream<Arguments> perContext() {
        return Stream.of(
                Arguments.of("nothing of the prelude is left on the global object",
                        "typeof __isopoolPrelude + ' ' + Reflect.ownKeys(globalThis).some(k => String(k).includes('isopool'))",
                        "undefined false"),
                Arguments.of("SharedArrayBuffer is removed", "typeof SharedArrayBuffer",
                        "undefined"),
                Arguments.of("a shared WebAssembly memory's buffer is still known as a buffer",
                        "new Uint8Array(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer).length",
                        "65536"),
                Arguments.of("the buffer budget starts full in every context",
                        "new ArrayBuffer(30 << 20).byteLength", String.valueOf(30 << 20)),
                Arguments.of("the prelude's own state starts clean", "[1, 2, 3].fill(7).join()", "7,7,7"));
    }

    static Stream<Arguments> chargedPerContext() {
        return Stream.of(
                Arguments.of("Float16Array", "new Float16Array(1e8)", "new Float16Array"),
                Arguments.of("Uint8Array.fromHex",
                        "new ArrayBuffer(30 << 20); Uint8Array.fromHex('00'.repeat(4e6))", "Uint8Array.fromHex"),
                Arguments.of("WebAssembly.Memory",
                        "for (let i = 0; i < 3; i++) new WebAssembly.Memory({ initial: 1 })", "new WebAssembly.Memory"));
    }

    @ParameterizedTest(name = "{0} is charged")
    @MethodSource("chargedPerContext")
    void chargesEveryBufferGlobal(String name, String code, String charged) {
        for (int i = 0; i < CONTEXTS; i++) {
            JsonNode r = TestingEngine.script(code, "fresh-charged-" + name.hashCode() + "-" + i);
            assertEquals(ErrorTypes.MEMORY, r.path("error").path("type").asText(), name + " (context " + i + "): " + r);
            assertTrue(r.get("error").get("message").asText().contains(charged), name + ": " + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("perContext")
    void holdsInEveryFreshContext(String name, String code, String expected) {
        for (int i = 0; i < CONTEXTS; i++) {
            JsonNode r = TestingEngine.script(code, "fresh-" + name.hashCode() + "-" + i);
            assertTrue(r.get("ok").asBoolean(), name + " (context " + i + "): " + r);
            assertEquals(expected, r.get("value").asText(), name + " (context " + i + ")");
        }
    }
}
