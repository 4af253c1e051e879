package dev.isopool.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator-wide settings (`isopool.operator.*` in application.properties or `ISOPOOL_OPERATOR_*` env). */
@ConfigMapping(prefix = "isopool.operator")
public interface OperatorConfig {

    /** Runtime image used when a SandboxPool has no `spec.image`. */
    @WithDefault("isopool/runtime:0.1.0")
    String runtimeImage();

    /** Pull policy of the runtime container. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /**
     * Memory reserved for the runtime's JVM (heap, metaspace, code cache, threads, Javet's native library) in
     * the memory planning formula, in MiB.
     */
    @WithDefault("256")
    int jvmBaseMib();
}
