package dev.isopool.autoscaler.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy in simulated scenarios, asserted as a user would judge a run of `./isopool simulate`: the example
 * traces under examples/simulate/ and closed loops built here.
 */
class SimulatedScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("../examples/simulate");

    @Test
    void spikeReplay_scalesUpWithinOneIntervalInPanic_andDownOnlyAfterTheWindow() throws IOException {
        List<Tick> ticks = ticks(read("spike.json"));
        Tick first = at(ticks, 60);
        assertTrue(first.desiredReplicas() > 2, first.toString());
        assertTrue(first.reason().contains("panic"), first.reason());
        Tick firstDown = firstDecrease(ticks);
        assertTrue(firstDown.t() >= 175 + 300, "the load fell at t=180; first scale-down: " + firstDown);
        assertTrue(firstDown.reason().contains("no higher recommendation for 300 s"), firstDown.reason());
    }

    @Test
    void spikeClosedLoop_enoughCapacityWithinAStartUpAndAFewIntervals() throws IOException {
        List<Tick> ticks = new ArrayList<>();
        List<ClosedLoop.Second> seconds = Simulate.run(read("closed-loop-spike.json"), ticks::add);
        Tick reaction = at(ticks, 65);
        assertTrue(reaction.desiredReplicas() > 2 && reaction.reason().contains("panic"),
                "one interval after the spike: " + reaction);
        long enough = seconds.stream().filter(s -> s.t() > 61 && s.capacity() >= s.meanLoad())
                .mapToLong(ClosedLoop.Second::t).min().orElseThrow();
        // Lag saturates with the runtime's bounded queue, but the refused requests show the whole demand: the
        // second scrape after the spike, its window full of it, sizes the pool; then one start-up (20 s).
        assertTrue(enough - 61 <= 45, "capacity after " + (enough - 61) + " s");
        System.out.println("closed-loop 10x spike: enough capacity " + (enough - 61) + " s after it");
        Tick down = firstDecrease(ticks);
        assertTrue(down.t() >= 65 + 300 && down.reason().contains("of the last 300 s"), down.toString());
    }

    @Test
    void stepLoad_settlesNearTheNeed() throws IOException {
        List<Tick> ticks = ticks(read("step.json"));
        Tick last = ticks.get(ticks.size() - 1);
        assertTrue(last.desiredReplicas() >= 6 && last.desiredReplicas() <= 8, last.toString());
        long decreases = java.util.stream.IntStream.range(1, ticks.size())
                .filter(i -> ticks.get(i).desiredReplicas() < ticks.get(i - 1).desiredReplicas()).count();
        assertTrue(decreases <= 1, "at most one correction of the overshoot, after the window: " + decreases);
    }

    @Test
    void slowRamp_onlyScalesUp() {
        List<ClosedLoop.Second> s = Figures.run(Figures.config(), Figures.model(0, 1),
                new double[][] {{0, 1000}, {3600, 20000}}, 3600);
        assertEquals(0, Figures.directionChanges(s));
        assertTrue(s.get(s.size() - 1).ready() >= 14, "20000 exec/s at 1400 per pod, within the 10% tolerance");
        assertTrue(Figures.underCapacity(s) < 60, Figures.underCapacity(s) + " s under capacity");
    }

    @Test
    void oscillatingLoad_doesNotFlap() {
        double[][] points = new double[61][];
        for (int i = 0; i <= 60; i++) {
            points[i] = new double[] {i * 60, i % 2 == 0 ? 4000 : 9000};
        }
        List<ClosedLoop.Second> s = Figures.run(Figures.config(), Figures.model(0.1, 3), points, 3600);
        assertTrue(Figures.directionChanges(s) <= 1, Figures.directionChanges(s) + " direction changes");
    }

    @Test
    void noisySteadyLoad_noDirectionChanges() {
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(0, Figures.directionChanges(Figures.steady(Figures.config(), 0.1, seed)), "seed " + seed);
        }
    }

    @Test
    void missingMetrics_holdAndNeverScaleDownEarly() throws IOException {
        List<Tick> ticks = ticks(read("missing-signals.json"));
        for (Tick t : ticks) {
            if (t.t() >= 100 && t.t() < 200) {
                assertEquals(6, t.desiredReplicas(), t.toString());
                assertTrue(t.reason().startsWith("no signals from any of 6 ready pods"), t.reason());
            }
        }
        Tick down = firstDecrease(ticks);
        assertTrue(down != null && down.t() >= 95 + 300, "the last recommendation of 6 was at t=95: " + down);
    }

    @Test
    void slowdownInjection_scalesOutOnSlowdown() throws IOException {
        JsonNode input = JSON.readTree("""
                {"autoscaling": {"minReplicas": 2, "maxReplicas": 20},
                 "model": {"injectSlowdown": [{"from": 120, "until": 600, "factor": 3}]},
                 "load": [{"t": 0, "rps": 2000}, {"t": 900, "rps": 2000}]}""");
        List<Tick> ticks = ticks(input);
        Tick before = at(ticks, 115);
        Tick after = ticks.stream().filter(t -> t.t() > 120 && t.reason().startsWith("worker slowdown"))
                .findFirst().orElseThrow(() -> new AssertionError("no slowdown-driven decision"));
        assertTrue(after.desiredReplicas() > before.desiredReplicas(), after.toString());
    }

    @Test
    void bounds_areNeverCrossed() throws IOException {
        JsonNode input = JSON.readTree("""
                {"autoscaling": {"minReplicas": 3, "maxReplicas": 6, "scaleDownStabilizationSeconds": 60},
                 "model": {},
                 "load": [{"t": 0, "rps": 100}, {"t": 120, "rps": 100}, {"t": 121, "rps": 50000}, {"t": 400, "rps": 50000},
                          {"t": 401, "rps": 0}, {"t": 900, "rps": 0}]}""");
        List<Tick> ticks = ticks(input);
        assertTrue(ticks.stream().allMatch(t -> t.desiredReplicas() >= 3 && t.desiredReplicas() <= 6));
        assertTrue(ticks.stream().anyMatch(t -> t.reason().contains("capped at maxReplicas 6")));
        assertEquals(3, ticks.get(ticks.size() - 1).desiredReplicas());
    }

    @Test
    void outputIsOneJsonObjectPerTick() throws IOException {
        String line = Simulate.line(new Tick(5, 2, 6, "lag p99 74 ms > 30 ms target: 2 -> 6"));
        assertEquals("{\"t\":5,\"replicas\":2,\"desiredReplicas\":6,\"reason\":\"lag p99 74 ms > 30 ms target: 2 -> 6\"}",
                line);
    }

    private static JsonNode read(String name) throws IOException {
        return JSON.readTree(Files.readString(EXAMPLES.resolve(name)));
    }

    private static List<Tick> ticks(JsonNode input) {
        List<Tick> ticks = new ArrayList<>();
        Simulate.run(input, ticks::add);
        return ticks;
    }

    private static Tick at(List<Tick> ticks, double t) {
        return ticks.stream().filter(x -> x.t() == t).findFirst().orElseThrow();
    }

    private static Tick firstDecrease(List<Tick> ticks) {
        int previous = -1;
        for (Tick t : ticks) {
            if (previous >= 0 && t.desiredReplicas() < previous) {
                return t;
            }
            previous = t.desiredReplicas();
        }
        return null;
    }
}
