package dev.isopool.runtime.signals;

/**
 * Classifies a pod's health from its signals, with the seeds' alert thresholds. The first rule
 * that holds wins, in the order DESIGN.md lists them.
 */
public final class HealthClassifier {
    /** Mean compile time above which compiles are slow (seeds: "> 1 s indicates Liftoff issues"). */
    static final double SLOW_COMPILE_MEAN_MS = 1000;
    /** Max over min compile time above which compiles are unstable. */
    static final double COMPILE_VARIANCE = 10;
    /** Compiles needed before the variance rule applies. */
    static final int VARIANCE_MIN_COMPILES = 5;
    /** Worker slowdown above which workers are degraded. */
    static final double SLOWDOWN_MAX = 2;
    /** Memory-limit and internal failures in the window above which the pod fails too often. */
    static final long FAILURES_MAX = 5;

    private HealthClassifier() {
    }

    public static Health classify(CompileStats compiles, double workerSlowdown, long failuresInWindow) {
        if (compiles.count() > 0 && compiles.meanMs() > SLOW_COMPILE_MEAN_MS) {
            return Health.COMPILATION_SLOW;
        }
        if (compiles.count() >= VARIANCE_MIN_COMPILES && compiles.maxMs() > COMPILE_VARIANCE * compiles.minMs()) {
            return Health.UNSTABLE_COMPILATION;
        }
        if (workerSlowdown > SLOWDOWN_MAX) {
            return Health.WORKER_DEGRADED;
        }
        if (failuresInWindow > FAILURES_MAX) {
            return Health.TOO_MANY_FAILURES;
        }
        return Health.OK;
    }
}
