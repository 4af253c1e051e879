package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v8 engine's hostile suite ({@link HostileInputTest#cases()}) and tenant isolation suite
 * ({@link IsolationTest#leaks()}) against engine node with one worker: each hostile input ends as
 * its typed error, and a normal execution on the same worker succeeds right after.
 */
class NodeEngineHostileTest {
    static final String LAZY_GETTER_CASE = "constructor taken from the global's descriptor before first use";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.isopool.runtime.engine.HostileInputTest#cases")
    void endsAsTypedErrorAndTheWorkerLivesOn(String name, String code, String inputs, String type) {
        // prelude.js installs its buffer guards on first use of a buffer global; engine node installs
        // them before user code (its Buffer wrappers charge through them), so the global holds the
        // guarded constructor from the start and has no lazy getter to take. The same attack on
        // the value is in NodeEngineLockdownTest ("constructor taken from the global's descriptor").
        assumeFalse(name.equals(LAZY_GETTER_CASE), "no lazy getter exists in engine node");
        Integer timeoutMs = type.startsWith(ErrorTypes.TIMEOUT) ? 300 : null;
        JsonNode response = TestingNodeEngine.run(TestingEngine.body(code, "hostile", inputs, timeoutMs));
        List<String> accepted = List.of(type.split("\\|"));
        boolean typed = StreamSupport.stream(response.get("results").spliterator(), false)
                .filter(r -> !r.get("ok").asBoolean())
                .peek(r -> assertTrue(r.get("error").get("message").isTextual(), "error has a message: " + r))
                .anyMatch(r -> accepted.contains(r.get("error").get("type").asText()));
        assertTrue(typed, name + ": expected a " + type + " in " + response);
        assertNormalExecution(name);
    }

    @ParameterizedTest(name = "no leak across tenants: {0}")
    @MethodSource("dev.isopool.runtime.engine.IsolationTest#leaks")
    void nothingCrossesTenants(String name, String codeA, String codeB, String expected) {
        TestingNodeEngine.script(codeA, "tenant-a");
        JsonNode b = TestingNodeEngine.script(codeB, "tenant-b");
        assertTrue(b.get("ok").asBoolean(), name + ": " + b);
        assertEquals(expected, b.get("value").asText(), name);
    }

    static void assertNormalExecution(String after) {
        JsonNode normal = TestingNodeEngine.script("[1, 2, 3].reduce((a, b) => a + b, 0)");
        assertTrue(normal.get("ok").asBoolean(), "normal execution after '" + after + "': " + normal);
        assertEquals(6, normal.get("value").asInt());
    }
}
