package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HPA's documented rate-policy and bounds behaviour, as a table. Cases ported from the cases of Kubernetes'
 * `TestScalingWithRules` (pkg/controller/podautoscaler): same inputs, same expected counts and ScalingLimited
 * reasons. Past events are spread over 120 s as there: for {1, 5, 9}, 1 pod 100 s ago, 5 pods 60 s ago and 9 pods
 * 20 s ago.
 */
class RateLimitsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    record Case(String name, int min, int max, ScalingRules up, ScalingRules down, List<History.ScaleEvent> events,
            int current, int desired, int expected, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        ScalingRules defUp = ScalingRules.hpaScaleUp();
        ScalingRules defDown = ScalingRules.hpaScaleDown(300);
        return Stream.of(
                c("within range", 3, 8, defUp, defDown, List.of(), 5, 7, 7, Limit.WITHIN_RANGE),
                c("below minReplicas", 2, 8, defUp, defDown, List.of(), 3, 1, 2, Limit.TOO_FEW),
                c("maxReplicas below the scale-up limit", 1, 10, defUp, defDown, List.of(), 20, 1000, 10,
                        Limit.TOO_MANY),
                c("more than the maximum", 100, 150, defUp, defDown, List.of(), 100, 1000, 150, Limit.TOO_MANY),
                c("user percent policy below maxReplicas", 1, 2000, rules(0, 0, 1, 60), defDown, List.of(), 3, 1000,
                        4, Limit.SCALE_UP_LIMIT),
                c("user pods policy on scale-down", 3, 2000, defUp, rules(20, 60, 0, 0), List.of(), 1000, 3, 980,
                        Limit.SCALE_DOWN_LIMIT),
                c("default behavior: max(4 pods, 100%)", 1, 1000, defUp, defDown, List.of(), 10, 50, 20,
                        Limit.SCALE_UP_LIMIT),
                c("pods policy larger than percent", 1, 1000, rules(100, 60, 100, 60), defDown, List.of(), 10, 500,
                        110, Limit.SCALE_UP_LIMIT),
                c("percent policy larger than pods", 1, 1000, rules(2, 60, 100, 60), defDown, List.of(), 10, 500, 20,
                        Limit.SCALE_UP_LIMIT),
                c("large pods policy", 1, 1000, rules(100, 60, 0, 0), defDown, List.of(), 10, 50, 50,
                        Limit.WITHIN_RANGE),
                c("pods policy limits", 1, 1000, rules(30, 60, 0, 0), defDown, List.of(), 10, 50, 40,
                        Limit.SCALE_UP_LIMIT),
                c("percent policy limits", 1, 1000, rules(0, 0, 200, 60), defDown, List.of(), 10, 50, 30,
                        Limit.SCALE_UP_LIMIT),
                c("scale-down: percent larger than pods", 1, 1000, defUp, rules(20, 60, 1, 60), List.of(), 100, 2,
                        80, Limit.SCALE_DOWN_LIMIT),
                c("scale-down: pods larger than percent", 1, 1000, defUp, rules(2, 60, 1, 60), List.of(), 100, 2, 98,
                        Limit.SCALE_DOWN_LIMIT),
                c("scale-down: large pods policy, minReplicas", 1, 1000, defUp, rules(100, 60, 0, 0), List.of(), 10,
                        0, 1, Limit.TOO_FEW),
                c("scale-down: 100% policy, minReplicas 5", 5, 1000, defUp, rules(0, 0, 100, 60), List.of(), 10, 2,
                        5, Limit.TOO_FEW),
                c("scale-down: pods policy limits", 1, 1000, defUp, rules(5, 60, 0, 0), List.of(), 10, 2, 5,
                        Limit.SCALE_DOWN_LIMIT),
                c("scale-down: percent policy allows it", 1, 1000, defUp, rules(0, 0, 50, 60), List.of(), 10, 5, 5,
                        Limit.WITHIN_RANGE),
                c("events: large pods policy, maxReplicas", 1, 200, rules(300, 60, 0, 0), defDown, up(1, 5, 9), 100,
                        500, 200, Limit.TOO_MANY),
                c("events: large percent policy, maxReplicas", 1, 200, rules(0, 0, 10000, 60), defDown, up(1, 5, 9),
                        100, 500, 200, Limit.TOO_MANY),
                c("events: recent scale-ups use up the pods policy", 1, 1000, rules(5, 120, 0, 0), defDown,
                        up(1, 5, 9), 100, 500, 100, Limit.SCALE_UP_LIMIT),
                c("events: pods policy counts from the period start", 1, 1000, rules(150, 120, 0, 0), defDown,
                        up(1, 5, 9), 100, 500, 235, Limit.SCALE_UP_LIMIT),
                c("events: percent policy counts from the period start", 1, 1000, rules(0, 0, 200, 120), defDown,
                        up(1, 5, 9), 100, 500, 255, Limit.SCALE_UP_LIMIT),
                c("events: up and down events both count", 1, 1000, rules(0, 0, 300, 300), defDown,
                        concat(up(4), down(2)), 6, 24, 16, Limit.SCALE_UP_LIMIT),
                c("events: default scale-down, old events outside 15 s", 1, 1000, defUp, defDown, down(1, 5, 9), 10,
                        5, 5, Limit.WITHIN_RANGE),
                c("events: large pods policy on scale-down, minReplicas", 1, 1000, defUp, rules(115, 120, 0, 0),
                        down(1, 5, 9), 100, 0, 1, Limit.TOO_FEW),
                c("events: pods policy on scale-down, minReplicas 5", 5, 1000, defUp, rules(130, 120, 0, 0),
                        down(1, 5, 9), 100, 0, 5, Limit.TOO_FEW),
                c("events: 100% scale-down, minReplicas 5", 5, 1000, defUp, rules(0, 0, 100, 120), down(1, 5, 9),
                        100, 2, 5, Limit.TOO_FEW),
                c("events: pods policy used up on scale-down", 1, 1000, defUp, rules(5, 120, 0, 0), down(1, 5, 9),
                        100, 2, 100, Limit.SCALE_DOWN_LIMIT),
                c("events: percent scale-down from the period start", 1, 1000, defUp, rules(0, 0, 50, 120),
                        down(2, 4, 6), 100, 0, 56, Limit.SCALE_DOWN_LIMIT),
                c("events: scale-down with up and down events", 1, 1000, defUp, rules(0, 0, 50, 180),
                        concat(up(2), down(4)), 10, 1, 6, Limit.SCALE_DOWN_LIMIT),
                c("events: earlier scale-downs forbid more", 1, 1000, defUp, rules(0, 0, 10, 120),
                        down(10, 10, 10), 100, 0, 100, Limit.SCALE_DOWN_LIMIT),
                c("events: 1000% allows anything", 1, 1000, defUp, rules(0, 0, 1000, 120), down(10, 10, 10), 10, 5, 5,
                        Limit.WITHIN_RANGE),
                c("events older than a policy's period do not count", 1, 1000, rules(1000, 60, 0, 0), defDown,
                        up(8, 12, 9, 11), 100, 200, 200, Limit.WITHIN_RANGE),
                c("selectPolicy Min picks the smaller step", 1, 1000,
                        new ScalingRules(0, List.of(RatePolicy.pods(4, 15), RatePolicy.percent(100, 15)),
                                ScalingRules.Select.MIN), defDown, List.of(), 10, 50, 14, Limit.SCALE_UP_LIMIT),
                c("selectPolicy Disabled forbids scale-up", 1, 1000,
                        new ScalingRules(0, List.of(RatePolicy.pods(4, 15)), ScalingRules.Select.DISABLED), defDown,
                        List.of(), 10, 50, 10, Limit.SCALE_UP_LIMIT),
                c("selectPolicy Disabled forbids scale-down", 1, 1000, defUp,
                        new ScalingRules(300, List.of(RatePolicy.percent(100, 15)), ScalingRules.Select.DISABLED),
                        List.of(), 10, 2, 10, Limit.SCALE_DOWN_LIMIT))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void limitsTheStep(Case c) {
        LimitedCount out = RateLimits.apply(c.current(), c.desired(), c.min(), c.max(),
                new Behavior(c.up(), c.down()), c.events(), NOW);
        assertEquals(c.expected(), out.replicas(), "replicas");
        assertEquals(c.reason(), out.limit().reason(), "ScalingLimited reason");
    }

    private static Case c(String name, int min, int max, ScalingRules up, ScalingRules down,
            List<History.ScaleEvent> events, int current, int desired, int expected, String reason) {
        return new Case(name, min, max, up, down, events, current, desired, expected, reason);
    }

    /** HPA's generateScalingRules(pods, podsPeriod, percent, percentPeriod): zero values leave a policy out. */
    private static ScalingRules rules(int pods, int podsPeriod, int percent, int percentPeriod) {
        List<RatePolicy> policies = new ArrayList<>();
        if (pods != 0) {
            policies.add(RatePolicy.pods(pods, podsPeriod));
        }
        if (percent != 0) {
            policies.add(RatePolicy.percent(percent, percentPeriod));
        }
        return new ScalingRules(0, policies, ScalingRules.Select.MAX);
    }

    private static List<History.ScaleEvent> up(int... changes) {
        return spread(1, changes);
    }

    private static List<History.ScaleEvent> down(int... changes) {
        return spread(-1, changes);
    }

    /** Events spread uniformly over the last 120 s, the oldest first (HPA's generateEventsUniformDistribution). */
    private static List<History.ScaleEvent> spread(int sign, int... changes) {
        List<History.ScaleEvent> events = new ArrayList<>();
        double segment = 120.0 / changes.length;
        for (int i = 0; i < changes.length; i++) {
            long ago = (long) (120 - segment * i - segment / 2);
            events.add(new History.ScaleEvent(NOW.minusSeconds(ago), sign * changes[i]));
        }
        return events;
    }

    private static List<History.ScaleEvent> concat(List<History.ScaleEvent> a, List<History.ScaleEvent> b) {
        List<History.ScaleEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
