package dev.isopool.autoscaler;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The signals the policy scales on. Utilization measures load and always counts (as {@link PodReading#demand()}, so
 * that requests a saturated pod refused count as load); lag and slowdown are alarms that count only once they have
 * stayed above their target (for {@link AutoscalerConfig#alarmHoldSeconds()}), so that they never hold a healthy
 * pool up and a burst of noise cannot scale it.
 */
public enum SignalKind {
    EVENT_LOOP_LAG("lag p99", true, PodReading::eventLoopLagP99Ms),
    WORKER_SLOWDOWN("worker slowdown", true, PodReading::workerSlowdown),
    UTILIZATION("utilization", false, PodReading::demand);

    private final String label;
    private final boolean alarm;
    private final ToDoubleFunction<PodReading> reader;

    SignalKind(String label, boolean alarm, ToDoubleFunction<PodReading> reader) {
        this.label = label;
        this.alarm = alarm;
        this.reader = reader;
    }

    public String label() {
        return label;
    }

    public boolean alarm() {
        return alarm;
    }

    public double read(PodReading reading) {
        return reader.applyAsDouble(reading);
    }

    public double target(AutoscalerConfig config) {
        return switch (this) {
            case EVENT_LOOP_LAG -> config.eventLoopLagP99TargetMs();
            case WORKER_SLOWDOWN -> config.workerSlowdownMax();
            case UTILIZATION -> config.targetUtilization();
        };
    }

    /** A value in the unit users know: `74 ms`, `3.1x`, `0.91`. */
    public String format(double value) {
        return switch (this) {
            case EVENT_LOOP_LAG -> String.format(Locale.ROOT, "%.0f ms", value);
            case WORKER_SLOWDOWN -> String.format(Locale.ROOT, "%.1fx", value);
            case UTILIZATION -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    /** What the target is called: lag has a target, slowdown a maximum, utilization a target. */
    public String targetWord() {
        return this == WORKER_SLOWDOWN ? "max" : "target";
    }
}
