package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Console, CPU limit and asynchronous code on engine node, where Node's own loop runs the timers. */
class NodeEngineFeaturesTest extends ExecutionFeaturesContract {
    @Override
    JsonNode run(String body) {
        return TestingEngine.run(TestingNodeEngine.shared(), body, 120);
    }

    /** The formatter is held to Node's own util.format, which this engine can call. */
    @ParameterizedTest(name = "console.log({0}) as util.format gives it")
    @MethodSource("formats")
    void formattingMatchesNodesOwnUtilFormat(String args, String ignored) {
        JsonNode r = result("console.log(" + args + "); require('util').format(" + args + ")");
        assertEquals(r.get("value").asText(), messageOf(r, 0), r.toString());
    }
}
