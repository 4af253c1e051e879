package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU per tenant over the sliding window, on times the test gives. */
class TenantUsageTest {

    @Test
    void sumsAndMeansForgetWhatLeftTheWindow() {
        TenantUsage usage = new TenantUsage(10);
        usage.charge("a", 3_000, 1_000);
        usage.charge("a", 1_000, 9_999);
        assertEquals(4_000, usage.usedUs("a", 10_500));
        assertEquals(2_000, usage.meanUs("a", 10_500));
        assertEquals(1_000, usage.usedUs("a", 11_000), "second 1 left the window at second 11");
        assertEquals(0, usage.usedUs("a", 20_000));
        assertEquals(0, usage.meanUs("a", 20_000));
        assertEquals(0, usage.usedUs("nobody", 0));
    }

    @Test
    void busiestRanksByCpuAndPruneForgetsIdleTenants() {
        TenantUsage usage = new TenantUsage(10);
        usage.charge("small", 10, 0);
        usage.charge("big", 900, 0);
        usage.charge("mid", 50, 5_000);
        usage.charge("mid", 50, 5_000);
        assertEquals(List.of("big", "mid"), usage.busiest(2, 5_000));
        assertEquals(List.of("mid"), usage.busiest(5, 12_000));
        usage.prune(12_000);
        assertEquals(1, usage.size(), "only mid ran in the window");
    }

    @Test
    void aNegativeChargeCountsAsNone() {
        TenantUsage usage = new TenantUsage(10);
        usage.charge("a", -5, 0);
        assertEquals(0, usage.usedUs("a", 0));
        assertThrows(IllegalArgumentException.class, () -> new TenantUsage(0));
    }
}
