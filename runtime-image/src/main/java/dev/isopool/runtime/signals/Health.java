package dev.isopool.runtime.signals;

/** A pod's health as {@code GET /v1/signals} reports it; thresholds from the seeds' production guide. */
public enum Health {
    OK,
    /** WebAssembly compiles take more than a second on average (seeds: Liftoff trouble). */
    COMPILATION_SLOW,
    /** The slowest recent compile took more than ten times the fastest, over at least five. */
    UNSTABLE_COMPILATION,
    /** Workers run the canary more than twice as slowly as one idle worker did. */
    WORKER_DEGRADED,
    /** More than five memory-limit or internal failures inside the window. */
    TOO_MANY_FAILURES
}
