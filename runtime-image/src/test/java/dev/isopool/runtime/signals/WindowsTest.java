package dev.isopool.runtime.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The sliding windows behind the signals, on a clock the test moves. */
class WindowsTest {

    @Test
    void aCounterForgetsWhatLeftTheWindow() {
        WindowedCounter counter = new WindowedCounter(10);
        counter.add(5, 1_000);
        counter.add(7, 9_999);
        assertEquals(12, counter.sum(10_500), "both seconds are inside 1..10");
        assertEquals(7, counter.sum(11_000), "second 1 left the window at second 11");
        assertEquals(0, counter.sum(20_000));
    }

    @Test
    void aReusedBucketStartsEmpty() {
        WindowedCounter counter = new WindowedCounter(3);
        counter.add(4, 0);
        counter.add(1, 3_000); // same slot as second 0, three seconds later
        assertEquals(1, counter.sum(3_000));
    }

    @Test
    void aHistogramGivesPercentilesOfTheWindowOnly() {
        WindowedHistogram histogram = new WindowedHistogram(10, 60_000_000, 2);
        for (int i = 0; i < 99; i++) {
            histogram.record(1_000, 0);
        }
        histogram.record(50_000, 0);
        assertEquals(1_000, histogram.window(5_000).getValueAtPercentile(50), 10);
        assertEquals(50_000, histogram.window(5_000).getValueAtPercentile(100), 500);
        histogram.record(2_000, 12_000);
        assertEquals(1, histogram.window(12_000).getTotalCount(), "second 0 is out of the window");
    }

    @Test
    void valuesBeyondTheRangeAreCappedNotRefused() {
        WindowedHistogram histogram = new WindowedHistogram(10, 1_000, 2);
        histogram.record(5_000, 0);
        histogram.record(-3, 0);
        assertEquals(2, histogram.window(0).getTotalCount());
    }

    @Test
    void aWindowNeedsAtLeastOneSecond() {
        assertThrows(IllegalArgumentException.class, () -> new WindowedCounter(0));
    }

    @Test
    void recentCompilesKeepTheLatestWithinTheirAge() {
        RecentCompiles compiles = new RecentCompiles(3, 60_000);
        assertEquals(CompileStats.NONE, compiles.stats(0));
        compiles.record(10_000_000, 0);     // 10 ms
        compiles.record(20_000_000, 1_000);
        compiles.record(30_000_000, 2_000);
        compiles.record(40_000_000, 3_000); // pushes out the first
        CompileStats stats = compiles.stats(3_000);
        assertEquals(3, stats.count());
        assertEquals(20, stats.minMs(), 1e-9);
        assertEquals(40, stats.maxMs(), 1e-9);
        assertEquals(30, stats.meanMs(), 1e-9);
        assertEquals(40, stats.p99Ms(), 1e-9);
        assertEquals(1, compiles.stats(62_500).count(), "only the compile at 3 s is younger than a minute");
    }
}
