package dev.isopool.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.isopool.autoscaler.History;
import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.TimedReplicas;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy's memory survives a trip through `status.autoscaler`, and a hand-edited status cannot break it. */
class HistoryCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aHistoryComesBackAsItWent() {
        History history = new History(
                List.of(new History.Recommendation(T0, 4), new History.Recommendation(T0.plusSeconds(5), 6)),
                List.of(new History.ScaleEvent(T0.plusSeconds(5), 2), new History.ScaleEvent(T0.plusSeconds(20), -1)),
                T0.plusSeconds(5), 6, T0.minusSeconds(30), T0.minusSeconds(10));
        assertEquals(history, HistoryCodec.read(HistoryCodec.write(history)));
    }

    @Test
    void noPanicAndNoSlowdownLeaveTheirFieldsOut() {
        History calm = new History(List.of(new History.Recommendation(T0, 3)), List.of(), null, 0, null, null);
        AutoscalerStatus status = HistoryCodec.write(calm);
        assertNull(status.getLastPanicTime());
        assertNull(status.getMaxPanicReplicas());
        assertNull(status.getSlowdownSince());
        assertNull(status.getLagAboveSince());
        assertEquals(calm, HistoryCodec.read(status));
    }

    @Test
    void aPoolWithoutAutoscalerStatusStartsEmpty() {
        assertEquals(History.EMPTY, HistoryCodec.read(null));
        assertEquals(History.EMPTY, HistoryCodec.read(new AutoscalerStatus()));
    }

    @Test
    void unreadableEntriesAreDroppedNotFatal() {
        AutoscalerStatus edited = new AutoscalerStatus();
        edited.setRecommendations(List.of(new TimedReplicas("yesterday", 4), new TimedReplicas(T0.toString(), null),
                new TimedReplicas(T0.toString(), 5), new TimedReplicas(null, 7)));
        edited.setScaleEvents(List.of(new TimedReplicas("", 1), new TimedReplicas(T0.toString(), 2)));
        edited.setLastPanicTime("not a time");
        edited.setSlowdownSince(T0.toString());
        History read = HistoryCodec.read(edited);
        assertEquals(List.of(new History.Recommendation(T0, 5)), read.recommendations());
        assertEquals(List.of(new History.ScaleEvent(T0, 2)), read.scaleEvents());
        assertNull(read.lastPanicAt());
        assertEquals(T0, read.slowdownSince());
    }
}
