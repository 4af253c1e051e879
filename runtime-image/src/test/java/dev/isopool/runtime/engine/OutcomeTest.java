package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "A, OK", "B, ERROR", "C, MEMORY_LIMIT", "D, MEMORY_LIMIT", "E, OUTPUT_LIMIT", "F, OUTPUT_LIMIT",
            "G, MEMORY_LIMIT", "H, MEMORY_LIMIT"})
    void preludeLettersReadAsTheMostSevereOutcome(char letter, Outcome expected) {
        assertEquals(expected, Outcome.fromPreludeLetter(letter));
    }

    @ParameterizedTest
    @CsvSource({"@", "I", "a"})
    void otherLettersAreRefused(char letter) {
        assertThrows(IllegalArgumentException.class, () -> Outcome.fromPreludeLetter(letter));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SyntaxError, SYNTAX_ERROR", "Error, ERROR", "TimeoutError, TIMEOUT", "MemoryLimitError, MEMORY_LIMIT",
            "OutputLimitError, OUTPUT_LIMIT", "InternalError, INTERNAL_ERROR"})
    void errorTypesMapToOutcomes(String type, Outcome expected) {
        assertEquals(expected, Outcome.ofErrorType(type));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"OK, ERROR, ERROR", "TIMEOUT, OUTPUT_LIMIT, TIMEOUT", "MEMORY_LIMIT, INTERNAL_ERROR, INTERNAL_ERROR"})
    void worstIsTheMoreSevere(Outcome a, Outcome b, Outcome expected) {
        assertEquals(expected, a.worst(b));
        assertEquals(expected, b.worst(a));
    }
}
