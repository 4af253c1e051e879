package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A named set of V8 flags applied before `spec.v8.flags`. */
public enum V8Profile {
    /**
     * `--no-wasm-tier-up --no-wasm-lazy-compilation`: WebAssembly is compiled once, eagerly, by the optimizing
     * tier. Avoids the Liftoff anomaly where parallel workers run many times slower than one.
     */
    @JsonProperty("predictable")
    PREDICTABLE,
    /** V8's own defaults (Liftoff first, lazy compilation, tier-up). Faster start, less predictable latency. */
    @JsonProperty("default")
    DEFAULT
}
