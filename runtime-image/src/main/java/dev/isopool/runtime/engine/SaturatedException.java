package dev.isopool.runtime.engine;

/** The queue is full: the caller should retry later (HTTP 429). */
public class SaturatedException extends RuntimeException {
    public SaturatedException(int capacity) {
        super("saturated: " + capacity + " executions are already waiting; retry later");
    }
}
