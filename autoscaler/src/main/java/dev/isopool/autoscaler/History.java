package dev.isopool.autoscaler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the policy remembers between ticks, as a value: the recent recommendations (for the stabilization windows),
 * the recent scale events (for the rate policies), the panic state and since when workers have been slow. The
 * operator keeps it in the pool's status, so that a restart forgets nothing.
 *
 * @param lastPanicAt the last tick whose ratio reached the panic threshold, or null
 * @param maxPanicReplicas the most replicas decided during the current panic (Knative's maxPanicPods)
 * @param slowdownSince the first tick of the current run of ticks with worker slowdown above its maximum, or null
 * @param lagAboveSince the first tick of the current run of ticks with event-loop lag above its target, or null
 */
public record History(
        List<Recommendation> recommendations,
        List<ScaleEvent> scaleEvents,
        Instant lastPanicAt,
        int maxPanicReplicas,
        Instant slowdownSince,
        Instant lagAboveSince) {

    /** A raw recommendation (before stabilization and rate limits), as the HPA records it. */
    public record Recommendation(Instant time, int replicas) {
    }

    /** A change of the replica count: positive when pods were added. */
    public record ScaleEvent(Instant time, int change) {
    }

    public static final History EMPTY = new History(List.of(), List.of(), null, 0, null, null);

    public History {
        recommendations = List.copyOf(recommendations);
        scaleEvents = List.copyOf(scaleEvents);
    }

    public boolean panicking(Instant now, int panicWindowSeconds) {
        return lastPanicAt != null && !now.isAfter(lastPanicAt.plusSeconds(panicWindowSeconds));
    }

    /**
     * Adds a recommendation and drops what no window can see any more. For any value only its latest time matters
     * to a trailing-window minimum or maximum, so one entry per distinct value is kept: the history stays as small
     * as the number of distinct recommendations in the window, whatever the interval.
     */
    History record(Recommendation rec, long retentionSeconds) {
        Instant cutoff = rec.time().minusSeconds(retentionSeconds);
        Map<Integer, Instant> latest = new LinkedHashMap<>();
        for (Recommendation r : recommendations) {
            if (!r.time().isBefore(cutoff)) {
                latest.merge(r.replicas(), r.time(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        latest.merge(rec.replicas(), rec.time(), (a, b) -> a.isAfter(b) ? a : b);
        List<Recommendation> kept = new ArrayList<>();
        latest.forEach((replicas, time) -> kept.add(new Recommendation(time, replicas)));
        kept.sort(Comparator.comparing(Recommendation::time).thenComparing(Recommendation::replicas));
        return new History(kept, scaleEvents, lastPanicAt, maxPanicReplicas, slowdownSince, lagAboveSince);
    }

    History withScaleEvent(ScaleEvent event, Instant now, long retentionSeconds) {
        Instant cutoff = now.minusSeconds(retentionSeconds);
        List<ScaleEvent> kept = new ArrayList<>();
        for (ScaleEvent e : scaleEvents) {
            if (e.time().isAfter(cutoff)) {
                kept.add(e);
            }
        }
        if (event != null) {
            kept.add(event);
        }
        return new History(recommendations, kept, lastPanicAt, maxPanicReplicas, slowdownSince, lagAboveSince);
    }

    History withPanic(Instant newLastPanicAt, int newMaxPanicReplicas) {
        return new History(recommendations, scaleEvents, newLastPanicAt, newMaxPanicReplicas, slowdownSince,
                lagAboveSince);
    }

    History withSlowdownSince(Instant since) {
        return new History(recommendations, scaleEvents, lastPanicAt, maxPanicReplicas, since, lagAboveSince);
    }

    History withLagAboveSince(Instant since) {
        return new History(recommendations, scaleEvents, lastPanicAt, maxPanicReplicas, slowdownSince, since);
    }

    /** Since when an alarm signal has stayed above its target, or null. */
    Instant alarmSince(SignalKind kind) {
        return switch (kind) {
            case EVENT_LOOP_LAG -> lagAboveSince;
            case WORKER_SLOWDOWN -> slowdownSince;
            case UTILIZATION -> null;
        };
    }
}
