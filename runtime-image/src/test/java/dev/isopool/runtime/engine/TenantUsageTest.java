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
    void busiestKeepsTheTopNOfManyWithTiesByName() {
        TenantUsage usage = new TenantUsage(10);
        for (int i = 0; i < 10_000; i++) {
            usage.charge("t" + i, i % 100, 1_000); // t99, t199, ... use 99 us each; t0, t100, ... none
        }
        usage.charge("z", 500, 1_000);
        usage.charge("a", 500, 1_000);
        assertEquals(List.of("a", "z", "t1099", "t1199"), usage.busiest(4, 1_000));
        assertEquals(List.of(), usage.busiest(0, 1_000));
        assertEquals(9_902, usage.busiest(20_000, 1_000).size(), "every tenant that used CPU, no more");
    }

    @Test
    void pruneForgetsATenantOnlyOnceItsLastSecondLeftTheWindow() {
        TenantUsage usage = new TenantUsage(10);
        usage.charge("once", 1, 0);
        usage.charge("again", 1, 0);
        usage.charge("again", 1, 8_000);
        usage.prune(9_999);
        assertEquals(2, usage.size(), "second 0 is still in the window at second 9");
        usage.prune(10_000);
        assertEquals(1, usage.size(), "'once' left with second 0; 'again' ran in second 8");
        assertEquals(1, usage.usedUs("again", 10_000));
        usage.prune(18_000);
        assertEquals(0, usage.size());
        usage.charge("again", 7, 18_500);
        assertEquals(7, usage.usedUs("again", 18_500), "a forgotten tenant starts over");
    }

    @Test
    void aNegativeChargeCountsAsNone() {
        TenantUsage usage = new TenantUsage(10);
        usage.charge("a", -5, 0);
        assertEquals(0, usage.usedUs("a", 0));
        assertThrows(IllegalArgumentException.class, () -> new TenantUsage(0));
    }
}
