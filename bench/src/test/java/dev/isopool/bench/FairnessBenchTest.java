package dev.isopool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The fairness benchmark's options and report; the measurement itself is `./isopool bench fairness`. */
class FairnessBenchTest {

    @Test
    void defaultsAreTheIssuesRun() {
        FairnessBench.Options o = FairnessBench.parse(new String[0], Path.of("/repo"));
        assertEquals(1, o.workers());
        assertEquals(10, o.overload());
        assertEquals(0.1, o.light());
        assertEquals(Path.of("/repo/runtime-image/target/quarkus-app/quarkus-run.jar"), o.jar());
        FairnessBench.Options custom = FairnessBench.parse(new String[] {"--workers", "2", "--overload", "5",
                "--light", "0.2", "--seconds", "30", "--exec-ms", "10"}, Path.of("."));
        assertEquals(2, custom.workers());
        assertEquals(5, custom.overload());
        assertEquals(30, custom.seconds());
        assertEquals(10, custom.execMs());
    }

    @Test
    void aRequestWithoutATenantHasNoTenantField() {
        assertTrue(FairnessBench.body("a", 5).startsWith("{\"tenant\":\"a\",\"code\":"));
        assertTrue(FairnessBench.body(null, 5).startsWith("{\"code\":\"const end = Date.now() + 5;"));
    }

    @Test
    void queueWaitsAreReadFromTheRuntimesMetrics() {
        QueueWaits before = QueueWaits.of("isopool_tenant_queue_wait_seconds_count{tenant=\"tenant-b\"} 10.0\n"
                + "isopool_tenant_queue_wait_seconds_sum{tenant=\"tenant-b\"} 0.05\n");
        QueueWaits after = QueueWaits.of("# TYPE isopool_tenant_queue_wait_seconds summary\n"
                + "isopool_tenant_queue_wait_seconds_count{tenant=\"tenant-b\"} 30.0\n"
                + "isopool_tenant_queue_wait_seconds_sum{tenant=\"tenant-b\"} 0.25\n"
                + "isopool_tenant_queue_wait_seconds_max{tenant=\"tenant-b\"} 0.033\n");
        assertEquals(10.0, after.meanMsSince(before, "tenant-b"), 1e-9, "0.2 s over 20 executions");
        assertTrue(Double.isNaN(after.meanMsSince(before, "tenant-a")));
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FairnessBench.parse(new String[] {"--workers", "0"}, Path.of("."))).getMessage()
                .contains("--workers must be a whole number from 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FairnessBench.parse(new String[] {"--light", "-1"}, Path.of("."))).getMessage()
                .contains("--light must be a number above 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FairnessBench.parse(new String[] {"--seconds"}, Path.of("."))).getMessage()
                .contains("--seconds needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FairnessBench.parse(new String[] {"--fast", "1"}, Path.of("."))).getMessage()
                .contains("unknown option '--fast'"));
    }

    private static OpenLoopSender.Tally tally(int ok, int refusedTenant, long... micros) {
        Histogram h = new Histogram(120_000_000L, 3);
        for (long m : micros) {
            h.recordValue(m);
        }
        return new OpenLoopSender.Tally(ok + refusedTenant, ok, refusedTenant, 0, 0, h);
    }

    @Test
    void theReportSetsBesideAloneAndSaysWhetherTheGoalsWereMet() {
        FairnessBench.Options o = FairnessBench.parse(new String[0], Path.of("."));
        String report = FairnessBench.report(o, 50, 500, 5, tally(2, 0, 20_000, 30_000), tally(100, 900, 300_000),
                tally(2, 0, 25_000, 90_000), tally(50, 950, 400_000), tally(1, 1, 300_000), "{\"eventLoopLagP99Ms\":12.5,\"utilization\":1.0,\"rejected\":900,"
                + "\"queueDepth\":16}", "0.5 0.4 0.3", "1.5 0.9 0.5", Path.of("runtime.log"));
        System.out.println(report);
        assertTrue(report.contains("| A floods | A | 1000 | 100 | 900 | 0 | 0 |"), report);
        assertTrue(report.contains("B's p99 beside the flood / alone: 3.00x (goal: at most 2x) MISSED"), report);
        assertTrue(report.contains("B refused: 0 (goal: 0) MET; A refused: 900 (900 as its own share"), report);
        assertTrue(report.contains("eventLoopLagP99Ms 12.5"), report);
        assertTrue(report.contains("| one queue (no tenants) | B | 2 | 1 | 1 |"), report);
        assertTrue(report.contains("B's p99 300.0 ms (10.00x alone), B refused 1"), report);
        assertTrue(report.contains("0.5 0.4 0.3 before"), report);
    }
}
