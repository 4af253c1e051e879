package dev.isopool.runtime.engine;

import dev.isopool.runtime.config.RuntimeSettings;

/** Limits that hold for every execution of a session, whichever the engine. */
record SessionLimits(int heapMb, long bufferBytes, int outputChars, int logBytes, int wasmPageCap) {

    /** The limits of the settings' executions under the flags V8 runs with. */
    static SessionLimits of(RuntimeSettings settings, V8Platform.EffectiveFlags flags) {
        return new SessionLimits(flags.heapMb(), settings.maxBufferBytes(), settings.maxOutputChars(),
                settings.maxLogBytes(), flags.wasmPageCap());
    }

    /** The most elements any array can hold under the heap cap (8 bytes each at the least). */
    long heapElementCap() {
        return ((long) heapMb << 20) / 8;
    }
}
