package dev.isopool.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeSettingsTest {

    @Test
    void defaultsFollowDesign() {
        RuntimeSettings s = RuntimeSettings.fromEnvironment(Map.of("ISOPOOL_WORKERS", "2", "ISOPOOL_TIMEOUT_MS", "700"), 64);
        assertEquals(700, s.cpuMs(), "the CPU limit defaults to the wall limit");
        assertEquals(128, s.queueCapacity());
        assertEquals(32, s.maxQueuedPerTenant(), "a quarter of the queue");
        assertEquals(64 * 1024, s.maxLogBytes());
        assertEquals(64L << 20, s.maxBufferBytes());
    }

    @Test
    void readsTheLimitsOfTheEnvironment() {
        RuntimeSettings s = RuntimeSettings.fromEnvironment(Map.of("ISOPOOL_WORKERS", "1", "ISOPOOL_CPU_MS", "50",
                "ISOPOOL_MAX_LOG_BYTES", "1024", "ISOPOOL_QUEUE_CAPACITY", "10", "ISOPOOL_MAX_QUEUED_PER_TENANT", "3"), 64);
        assertEquals(50, s.cpuMs());
        assertEquals(1024, s.maxLogBytes());
        assertEquals(3, s.maxQueuedPerTenant());
    }

    @Test
    void aTinyQueueStillAdmitsOnePerTenant() {
        assertEquals(1, RuntimeSettings.fromEnvironment(Map.of("ISOPOOL_QUEUE_CAPACITY", "2"), 64).maxQueuedPerTenant());
    }

    @ParameterizedTest
    @CsvSource({
        "ISOPOOL_CPU_MS, 0, ISOPOOL_CPU_MS must be a positive integer",
        "ISOPOOL_MAX_LOG_BYTES, lots, ISOPOOL_MAX_LOG_BYTES must be a positive integer",
        "ISOPOOL_MAX_QUEUED_PER_TENANT, 1000, must not exceed the queue capacity",
    })
    void refusesWhatItCannotUse(String name, String value, String fragment) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeSettings.fromEnvironment(Map.of("ISOPOOL_QUEUE_CAPACITY", "64", name, value), 64));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
