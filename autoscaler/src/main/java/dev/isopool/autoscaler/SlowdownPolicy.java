package dev.isopool.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What persistent worker slowdown means for a pool beyond more pods. Slowdown that outlasts
 * {@link AutoscalerConfig#slowdownPersistSeconds()} while the pool's flags leave WebAssembly tier-up on is the
 * Liftoff anomaly of the seeds (parallel workers many times slower than one): more threads would make it worse,
 * the flags are the fix. With `spec.v8.autoTune` the operator applies that fix once, by itself.
 */
public final class SlowdownPolicy {

    /** The flags that end the anomaly: the `predictable` profile ({@link PredictableProfile}). */
    public static final String PREDICTABLE_FLAGS = PredictableProfile.nodeOptions();

    private SlowdownPolicy() {
    }

    /** What to do. */
    public enum Action {
        /** Slowdown is absent, recent, or not Liftoff's doing (tier-up is off): scaling out is the response. */
        NONE,
        /** Report Degraded, reason LiftoffSuspected, naming the flags to set. */
        REPORT,
        /** autoTune: switch the pool to the predictable profile (once) and roll the pods. */
        SWITCH_TO_PREDICTABLE
    }

    public record Verdict(Action action, String message) {
    }

    public static Verdict assess(AutoscalerConfig config, History history, double slowdown, Instant now,
            boolean tierUpOn, boolean autoTune, boolean alreadyTuned) {
        Instant since = history.slowdownSince();
        if (since == null || !tierUpOn) {
            return new Verdict(Action.NONE, null);
        }
        long seconds = Duration.between(since, now).getSeconds();
        if (seconds < config.slowdownPersistSeconds()) {
            return new Verdict(Action.NONE, null);
        }
        String observed = String.format(Locale.ROOT, "Worker slowdown %.1fx has stayed above %.1fx for %d s while "
                + "WebAssembly tier-up is on: the Liftoff anomaly (parallel workers many times slower than one) is "
                + "likely", slowdown, config.workerSlowdownMax(), seconds);
        if (autoTune && !alreadyTuned) {
            return new Verdict(Action.SWITCH_TO_PREDICTABLE, observed + "; spec.v8.autoTune is on, so the pool "
                    + "switches to the predictable profile (" + PREDICTABLE_FLAGS + ") and rolls its pods");
        }
        return new Verdict(Action.REPORT, observed + ". Set spec.v8.profile: predictable (" + PREDICTABLE_FLAGS
                + "), or add those flags to spec.v8.flags, or set spec.v8.autoTune: true");
    }

    /**
     * Whether V8 flags, as rendered into NODE_OPTIONS, leave WebAssembly tier-up on: Liftoff code that V8 replaces
     * with TurboFan's in the background. Off with `--no-liftoff` (TurboFan only, nothing to tier up), or with both
     * `--no-wasm-dynamic-tiering` and `--no-wasm-tier-up` (Liftoff only). Either of those two alone leaves it on in
     * V8 14.7 (`./isopool bench liftoff`): dynamic tiering still sends hot functions to TurboFan, and without it
     * V8 tiers every function up. The last occurrence of a flag wins, as in V8.
     */
    public static boolean tierUpOn(String nodeOptions) {
        boolean tierUp = true;
        boolean dynamicTiering = true;
        boolean liftoff = true;
        for (String token : nodeOptions == null ? new String[0] : nodeOptions.trim().split("\\s+")) {
            String flag = token.replace('_', '-');
            switch (flag) {
                case "--wasm-tier-up" -> tierUp = true;
                case "--no-wasm-tier-up" -> tierUp = false;
                case "--wasm-dynamic-tiering" -> dynamicTiering = true;
                case "--no-wasm-dynamic-tiering" -> dynamicTiering = false;
                case "--liftoff" -> liftoff = true;
                case "--no-liftoff" -> liftoff = false;
                default -> {
                }
            }
        }
        return liftoff && (tierUp || dynamicTiering);
    }
}
