package dev.isopool.runtime.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identity of a warm context: tenant, code and modules (name and SHA-256 of each), compared
 * exactly, character for character; no digest of the code stands in for it, so no collision can
 * make two codes share a context. A request without a tenant gets a key of its own, so anonymous
 * callers never share state even when they send the same code.
 */
public record ContextKey(String tenant, String code, List<String> modules, long anonymous) {
    private static final AtomicLong ANONYMOUS = new AtomicLong();

    static ContextKey of(String tenant, String code, List<WasmModule> modules) {
        if (tenant == null) {
            return new ContextKey(null, null, List.of(), ANONYMOUS.incrementAndGet());
        }
        List<String> named = modules.isEmpty() ? List.of() : modules.stream().map(m -> m.name() + "=" + m.sha256()).toList();
        return new ContextKey(tenant, code, named, 0);
    }
}
