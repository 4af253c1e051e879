package dev.isopool.autoscaler;

import java.util.List;

/**
 * The V8 flags of the `predictable` profile, defined once: the operator renders them into the pods' flags
 * (`PoolPlanner`), the slowdown policy names them and switches to them (`autoTune`), and `./isopool bench liftoff`
 * measures them as its `predictable` configuration (whose test also checks that the runtime's flag table accepts
 * every one). DESIGN.md, "V8 flag profiles": with these flags, on the V8 the runtime ships, a WebAssembly module
 * runs at the same speed from its first call to its last and no background compilation competes with the workers
 * after the module is compiled. The choice and its evidence: docs/benchmarks.md, "Liftoff (WebAssembly tier-up)
 * benchmark".
 */
public final class PredictableProfile {

    /**
     * The flags, in the order they are passed to V8: no Liftoff (every function compiled by TurboFan, so there is
     * nothing to tier up) and no lazy compilation (the whole module compiled in `new WebAssembly.Module`, none at the
     * first call). On V8 14.7 the seeds' `--no-wasm-tier-up --no-wasm-lazy-compilation` still tiers up dynamically,
     * and `--no-wasm-dynamic-tiering` alone brings back the older tier-up of every function in the background.
     */
    public static final List<String> FLAGS = List.of("--no-liftoff", "--no-wasm-lazy-compilation");

    private PredictableProfile() {
    }

    /** The flags as one NODE_OPTIONS-style string, e.g. for messages. */
    public static String nodeOptions() {
        return String.join(" ", FLAGS);
    }
}
