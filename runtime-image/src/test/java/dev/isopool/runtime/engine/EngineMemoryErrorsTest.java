package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which thrown messages are V8's own memory limits (the prelude gets the same list). */
class EngineMemoryErrorsTest {

    @Test
    void aRangeErrorWithOneOfV8sMessagesIsAMemoryLimit() {
        assertTrue(EngineMemoryErrors.matches("RangeError: Maximum call stack size exceeded"));
        assertTrue(EngineMemoryErrors.matches("RangeError: Invalid string length"));
    }

    @Test
    void otherErrorsAreTheUsersOwn() {
        assertFalse(EngineMemoryErrors.matches("RangeError: Invalid time value"));
        assertFalse(EngineMemoryErrors.matches("Error: Invalid string length"), "thrown by the user, not by V8");
        assertFalse(EngineMemoryErrors.matches("Invalid string length"));
    }

    @Test
    void thePreludeGetsTheListAsJson() {
        assertTrue(EngineMemoryErrors.json().startsWith("[\"Maximum call stack size exceeded\","),
                EngineMemoryErrors.json());
    }
}
