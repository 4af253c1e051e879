package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A named set of V8 flags applied before `spec.v8.flags`. */
public enum V8Profile {
    /**
     * {@link dev.isopool.autoscaler.PredictableProfile#FLAGS} (`--no-liftoff --no-wasm-lazy-compilation`):
     * WebAssembly is compiled once, eagerly, by the optimizing tier, so it runs at one speed from its first call and
     * no tier-up competes with the workers. Avoids the Liftoff anomaly where parallel workers run many times slower
     * than one. Chosen by `./isopool bench liftoff` (docs/benchmarks.md).
     */
    @JsonProperty("predictable")
    PREDICTABLE,
    /** V8's own defaults (Liftoff first, lazy compilation, tier-up). Faster start, less predictable latency. */
    @JsonProperty("default")
    DEFAULT
}
