package dev.isopool.runtime.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WebAssembly modules an engine's sessions compiled, by SHA-256, so that only a module's first
 * compile is reported (later ones come from V8's native module cache, which is process-wide).
 * Bounded, least recently compiled first out: a pod fed ever new modules keeps a fixed set. One
 * per engine, shared by its workers.
 */
final class CompiledModules {
    static final int DEFAULT_CAPACITY = 256;

    private final Map<String, Boolean> seen;

    CompiledModules() {
        this(DEFAULT_CAPACITY);
    }

    CompiledModules(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records a compile of these bytes; true when none was recorded before. */
    synchronized boolean firstCompile(String sha256) {
        return seen.put(sha256, Boolean.TRUE) == null;
    }
}
