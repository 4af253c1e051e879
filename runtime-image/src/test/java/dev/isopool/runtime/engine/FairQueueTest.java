package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fair queue's order and admission, on a clock the test moves; no engine, no threads. */
class FairQueueTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private FairQueue queue(int capacity, int perTenant) {
        return new FairQueue(capacity, perTenant, 3, now::get);
    }

    private static Job.Execution exec(String tenant, String code) {
        return new Job.Execution(new ExecutionRequest(code, null, 0, tenant, 1000, 1000, List.of()),
                new CompletableFuture<>(), 0);
    }

    /** Polls the next execution, "runs" it for {@code cpuUs} and charges its tenant. */
    private static Job.Execution serve(FairQueue q, long cpuUs) {
        Job.Execution job = assertInstanceOf(Job.Execution.class, q.poll());
        q.finished(job.request().tenant(), cpuUs);
        return job;
    }

    @Test
    void aLightTenantIsServedBeforeTheFloodersBacklog() {
        FairQueue q = queue(64, 32);
        for (int i = 0; i < 20; i++) {
            q.admit(exec("flooder", "a" + i));
        }
        assertEquals("a0", serve(q, 50_000).request().code());
        assertEquals("a1", serve(q, 50_000).request().code());
        q.admit(exec("light", "b0"));
        assertEquals("b0", serve(q, 1_000).request().code(), "the light tenant jumps the flooder's 18 waiting");
        assertEquals("a2", serve(q, 50_000).request().code(), "the flooder waits behind itself, in its own order");
        q.admit(exec("light", "b1"));
        assertEquals("b1", serve(q, 1_000).request().code());
    }

    @Test
    void tenantsWithEqualUsageTakeTurns() {
        FairQueue q = queue(64, 32);
        for (int i = 0; i < 6; i++) {
            q.admit(exec("x", "x" + i));
            q.admit(exec("y", "y" + i));
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            order.append(serve(q, 10_000).request().tenant());
        }
        String served = order.toString();
        assertTrue(served.equals("xyxyxyxyxyxy") || served.equals("yxyxyxyxyxyx"), served);
    }

    @Test
    void sharesFollowTheCpuEachTenantUsed() {
        FairQueue q = queue(200, 100);
        for (int i = 0; i < 100; i++) {
            q.admit(exec("heavy", "h"));
            q.admit(exec("cheap", "c"));
        }
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 80; i++) {
            Job.Execution job = assertInstanceOf(Job.Execution.class, q.poll());
            String tenant = job.request().tenant();
            q.finished(tenant, tenant.equals("heavy") ? 30_000 : 10_000);
            served.merge(tenant, 1, Integer::sum);
        }
        // Equal CPU for both: the one whose executions cost a third gets three times as many.
        System.out.println("served of 80, heavy 30 ms vs cheap 10 ms of CPU each: " + served);
        assertEquals(20, served.get("heavy"), 1);
        assertEquals(60, served.get("cheap"), 1);
        assertEquals(q.usedUs("heavy"), q.usedUs("cheap"), 30_000);
    }

    @Test
    void whatATenantUsedAloneIsNotHeldAgainstIt() {
        FairQueue q = queue(64, 32);
        q.admit(exec("early", "e0"));
        serve(q, 5_000_000); // five seconds of CPU while nobody else waited
        now.addAndGet(3_000);
        q.admit(exec("late", "l0"));
        q.admit(exec("early", "e1"));
        q.admit(exec("late", "l1"));
        assertEquals("l0", serve(q, 10_000).request().code());
        assertEquals("e1", serve(q, 10_000).request().code(), "they take turns; early is not behind by five seconds");
        assertEquals("l1", serve(q, 10_000).request().code());
    }

    @Test
    void aLeadTakenWhileOthersWaitedIsKeptForAWindowThenForgotten() {
        FairQueue q = queue(64, 64);
        q.admit(exec("big", "g0"));
        for (int i = 0; i < 40; i++) {
            q.admit(exec("small", "s" + i));
        }
        assertEquals("g0", serve(q, 3_000_000).request().code(), "queued first"); // 3 s of CPU while small waited
        q.admit(exec("big", "g1"));
        for (int i = 0; i < 10; i++) {
            assertEquals("small", serve(q, 10_000).request().tenant(), "small catches up on big's three seconds");
        }
        assertEquals("g1", q.drain().stream().filter(j -> j.request().tenant().equals("big")).findFirst()
                .orElseThrow().request().code());
        // Again, but big stays away for longer than the window while small's backlog is served.
        FairQueue r = queue(64, 64);
        r.admit(exec("big", "g0"));
        for (int i = 0; i < 40; i++) {
            r.admit(exec("small", "s" + i));
        }
        serve(r, 3_000_000);
        serve(r, 10_000);
        now.addAndGet(TenantUsage.WINDOW_SECONDS * 1000L + 1_000);
        serve(r, 10_000); // the first answer of a new second forgets what is older than the window
        r.admit(exec("big", "g1"));
        assertEquals("g1", serve(r, 10_000).request().code(), "big's lead is forgotten: it joins at the pod's time");
    }

    @Test
    void runningExecutionsCountAtTheirTenantsMeanCost() {
        FairQueue q = queue(64, 32);
        q.admit(exec("a", "a0"));
        serve(q, 20_000);
        q.admit(exec("b", "b0"));
        serve(q, 30_000); // b has used more than a, by 10 ms
        q.admit(exec("a", "a1"));
        q.admit(exec("a", "a2"));
        q.admit(exec("b", "b1"));
        assertEquals("a1", ((Job.Execution) q.poll()).request().code(), "a used less");
        // a1 is still running (two workers): it is charged a's mean, 20 ms, so b goes next.
        assertEquals("b1", ((Job.Execution) q.poll()).request().code());
    }

    @Test
    void aTenantAtItsLimitIsRefusedWhileOthersAreAdmitted() {
        FairQueue q = queue(5, 3);
        for (int i = 0; i < 3; i++) {
            q.admit(exec("flooder", "f"));
        }
        SaturatedException refused = assertThrows(SaturatedException.class, () -> q.admit(exec("flooder", "f")));
        assertEquals(SaturatedException.Scope.TENANT, refused.scope());
        assertEquals(3, refused.limit());
        assertEquals("flooder", refused.tenant());
        assertTrue(refused.getMessage().contains("tenant 'flooder'"), refused.getMessage());
        q.admit(exec("other", "o"));
        q.admit(exec("third", "t"));
        SaturatedException full = assertThrows(SaturatedException.class, () -> q.admit(exec("fourth", "x")));
        assertEquals(SaturatedException.Scope.POD, full.scope());
        assertEquals(5, full.limit());
        assertEquals(SaturatedException.Scope.POD,
                assertThrows(SaturatedException.class, () -> q.admit(exec("flooder", "f"))).scope(),
                "a full pod admits no tenant, so that is what even a tenant at its own limit is told");
        assertEquals(5, q.size());
        serve(q, 1_000);
        q.admit(exec("fourth", "x")); // room again
        assertEquals(5, q.size());
    }

    @Test
    void requestsWithoutATenantShareOneQueueInOrder() {
        FairQueue q = queue(16, 2);
        q.admit(exec(null, "first"));
        q.admit(exec(null, "second"));
        SaturatedException refused = assertThrows(SaturatedException.class, () -> q.admit(exec(null, "third")));
        assertEquals(SaturatedException.Scope.TENANT, refused.scope());
        assertNull(refused.tenant());
        assertTrue(refused.getMessage().contains("without a tenant"), refused.getMessage());
        assertEquals(2, q.waiting(null));
        q.admit(exec("named", "n"));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(serve(q, 5_000).request().code());
        }
        assertEquals(List.of("first", "second"), order.stream().filter(c -> !c.equals("n")).toList());
    }

    @Test
    void aProbeIsServedAfterTheExecutionsThatWereWaitingWhenItArrived() {
        FairQueue q = queue(64, 32);
        q.admit(exec("heavy", "h0"));
        serve(q, 900_000);
        for (int i = 1; i <= 3; i++) {
            q.admit(exec("heavy", "h" + i));
        }
        Job.Probe probe = new Job.Probe(0, 0);
        assertTrue(q.offerSystem(probe));
        // A stream of light tenants arriving after the probe goes ahead of the heavy one, but not of the probe.
        for (int i = 0; i < 10; i++) {
            q.admit(exec("light" + i, "l" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Job.Execution.class, q.poll(), "three executions were waiting before the probe");
        }
        assertSame(probe, q.poll(), "then the probe, whoever those three were");
        assertEquals(10, q.size(), "the probe is not an execution");
    }

    @Test
    void aProbeIntoAnIdleQueueGoesFirstAndSystemJobsKeepTheirOrder() {
        FairQueue q = queue(64, 32);
        Job.Probe probe = new Job.Probe(0, 0);
        Job.CanaryRun canary = new Job.CanaryRun(false);
        assertTrue(q.offerSystem(probe));
        q.admit(exec("t", "x"));
        assertTrue(q.offerSystem(canary));
        assertSame(probe, q.poll());
        assertInstanceOf(Job.Execution.class, q.poll());
        assertSame(canary, q.poll());
        assertNull(q.poll());
    }

    @Test
    void systemJobsHaveABoundedQueueOfTheirOwn() {
        FairQueue q = queue(1, 1);
        q.admit(exec("t", "x"));
        for (int slot = 0; slot < 3; slot++) {
            assertTrue(q.offerSystem(new Job.Probe(slot, 0)), "a full pod still takes its probes");
        }
        assertTrue(!q.offerSystem(new Job.Probe(3, 0)), "beyond systemCapacity");
        assertThrows(IllegalArgumentException.class, () -> q.offerSystem(exec("t", "y")));
    }

    @Test
    void nextKeyIsTheExecutionServedNext() {
        FairQueue q = queue(64, 32);
        assertTrue(q.offerSystem(new Job.Probe(0, 0)));
        assertNull(q.nextKey(), "system jobs have no key");
        q.poll();
        q.admit(exec("flooder", "a"));
        q.admit(exec("flooder", "a"));
        serve(q, 50_000);
        q.admit(exec("light", "b"));
        ContextKey next = q.nextKey();
        assertEquals("light", next.tenant());
        assertEquals("b", next.code());
        assertEquals(next, ((Job.Execution) q.poll()).request().key());
    }

    @Test
    void drainHandsBackEveryWaitingExecution() {
        FairQueue q = queue(64, 32);
        q.admit(exec("a", "1"));
        q.admit(exec("b", "2"));
        q.admit(exec(null, "3"));
        q.offerSystem(new Job.CanaryRun(false));
        assertEquals(3, q.drain().size());
        assertEquals(0, q.size());
        assertNull(q.poll());
    }

    @Test
    void aQueueWithoutRoomIsABug() {
        assertThrows(IllegalArgumentException.class, () -> new FairQueue(0, 1, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new FairQueue(1, 0, 1, now::get));
    }
}
