package dev.isopool.e2e.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTailTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\nb\\nc\\n | 2 | b\\nc\\n",
        "a\\nb\\nc\\n | 3 | a\\nb\\nc\\n",
        "a\\nb\\nc\\n | 9 | a\\nb\\nc\\n",
        "a\\nb\\nc   | 1 | c",
        "a\\nb\\nc   | 2 | b\\nc",
        "a\\nb\\n    | 0 | ''",
        "''          | 3 | ''",
    })
    void keepsTheLastLines(String log, int lines, String expected) {
        assertEquals(unescape(expected), new String(LogTail.lastLines(unescape(log).getBytes(StandardCharsets.UTF_8),
                lines), StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> LogTail.lastLines(new byte[0], -1));
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n");
    }
}
