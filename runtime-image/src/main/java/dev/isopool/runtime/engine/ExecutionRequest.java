package dev.isopool.runtime.engine;

import java.util.List;

/**
 * One validated execution. {@code inputsJson} is a JSON array of argument arrays (function mode)
 * or null (script mode); {@code inputCount} is its length. {@code timeoutMs} and {@code cpuMs} are the
 * wall-time and CPU-time limits of the whole request.
 */
public record ExecutionRequest(
        String code, String inputsJson, int inputCount, String tenant, int timeoutMs, int cpuMs,
        List<WasmModule> modules) {

    public boolean functionMode() {
        return inputsJson != null;
    }

    /** How many results the response carries. */
    public int resultCount() {
        return functionMode() ? inputCount : 1;
    }

    /** Contexts are shared only between executions with the same key. */
    public ContextKey key() {
        return ContextKey.of(tenant, code, modules);
    }
}
