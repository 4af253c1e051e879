package dev.isopool.operator.reconciler;

import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.TimedReplicas;
import dev.isopool.autoscaler.History;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Moves the policy's {@link History} into `status.autoscaler` and back, so that it outlives the operator. */
final class HistoryCodec {

    private HistoryCodec() {
    }

    static History read(AutoscalerStatus status) {
        if (status == null) {
            return History.EMPTY;
        }
        List<History.Recommendation> recs = new ArrayList<>();
        for (TimedReplicas t : orEmpty(status.getRecommendations())) {
            Instant time = time(t.getTime());
            if (time != null && t.getReplicas() != null) {
                recs.add(new History.Recommendation(time, t.getReplicas()));
            }
        }
        List<History.ScaleEvent> events = new ArrayList<>();
        for (TimedReplicas t : orEmpty(status.getScaleEvents())) {
            Instant time = time(t.getTime());
            if (time != null && t.getReplicas() != null) {
                events.add(new History.ScaleEvent(time, t.getReplicas()));
            }
        }
        return new History(recs, events, time(status.getLastPanicTime()),
                status.getMaxPanicReplicas() == null ? 0 : status.getMaxPanicReplicas(),
                time(status.getSlowdownSince()), time(status.getLagAboveSince()));
    }

    /** The history as status; the decision fields (lastDecision, limit...) are the caller's to fill in. */
    static AutoscalerStatus write(History history) {
        AutoscalerStatus status = new AutoscalerStatus();
        status.setRecommendations(history.recommendations().stream()
                .map(r -> new TimedReplicas(r.time().toString(), r.replicas())).toList());
        status.setScaleEvents(history.scaleEvents().stream()
                .map(e -> new TimedReplicas(e.time().toString(), e.change())).toList());
        status.setLastPanicTime(history.lastPanicAt() == null ? null : history.lastPanicAt().toString());
        status.setMaxPanicReplicas(history.lastPanicAt() == null ? null : history.maxPanicReplicas());
        status.setSlowdownSince(history.slowdownSince() == null ? null : history.slowdownSince().toString());
        status.setLagAboveSince(history.lagAboveSince() == null ? null : history.lagAboveSince().toString());
        return status;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null; // a hand-edited entry is dropped, not fatal
        }
    }
}
