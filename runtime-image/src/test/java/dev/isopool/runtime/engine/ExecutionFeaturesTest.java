package dev.isopool.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Console, CPU limit and asynchronous code on engine v8, where the prelude keeps the timers. */
class ExecutionFeaturesTest extends ExecutionFeaturesContract {
    @Override
    JsonNode run(String body) {
        return TestingEngine.run(body);
    }
}
