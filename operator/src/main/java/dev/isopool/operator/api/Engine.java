package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which embedding runs the user code in each worker. */
public enum Engine {
    /** Bare V8 isolates: ECMAScript and WebAssembly only, no host APIs. The choice for untrusted code. */
    @JsonProperty("v8")
    V8,
    /** Embedded Node.js, locked down; reads `spec.node` and `UV_THREADPOOL_SIZE`. */
    @JsonProperty("node")
    NODE;

    /** The value the runtime reads from `ISOPOOL_ENGINE`. */
    public String wireName() {
        return this == V8 ? "v8" : "node";
    }
}
