package dev.isopool.e2e.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackoffTest {

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 20", "3, 40", "4, 80", "5, 160", "6, 300", "7, 300", "1000, 300"})
    void doublesFromTenSecondsUpToFiveMinutes(int crashes, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), RestartBackoff.KUBELET.delay(crashes));
    }

    @Test
    void startsOverAfterTenMinutesOfRunning() {
        assertFalse(RestartBackoff.KUBELET.resets(Duration.ofMinutes(10)));
        assertTrue(RestartBackoff.KUBELET.resets(Duration.ofMinutes(10).plusSeconds(1)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RestartBackoff.KUBELET.delay(0));
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff(Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
