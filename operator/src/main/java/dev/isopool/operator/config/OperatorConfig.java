package dev.isopool.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.eclipse.microprofile.config.ConfigProvider;

/** Operator-wide settings (`isopool.operator.*` in application.properties or `ISOPOOL_OPERATOR_*` env). */
@ConfigMapping(prefix = OperatorConfig.PREFIX)
public interface OperatorConfig {

    String PREFIX = "isopool.operator";

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

    /**
     * Apply dependents and patch status with server-side apply. Keep it on for real clusters; turn it off
     * (`ISOPOOL_OPERATOR_SERVER_SIDE_APPLY=false`) against API servers without server-side apply, such as the
     * Fabric8 mock server the local cluster embeds. Unlike `quarkus.operator-sdk.enable-ssa`, which the Quarkus
     * extension fixes at build time, this is read at run time (see PlannedDependent and StatusWriter).
     */
    @WithName("server-side-apply")
    @WithDefault("true")
    boolean serverSideApply();

    /**
     * How long the autoscaler waits for one pod's `GET /v1/signals` (connect and answer), in milliseconds. A pod
     * slower than this counts as missing for that scrape, never as idle.
     */
    @WithDefault("1000")
    int signalsTimeoutMs();

    /**
     * The namespace the operator runs in. Each pool's NetworkPolicy lets the operator's pods there (label
     * `app.kubernetes.io/name=isopool-operator`) read the runtime pods' `/v1/signals`.
     */
    @WithDefault("isopool-system")
    String namespace();

    /** Reads the server-side apply switch where no injection reaches (dependents are built by the SDK). */
    static boolean serverSideApplyEnabled() {
        return ConfigProvider.getConfig().getOptionalValue(PREFIX + ".server-side-apply", Boolean.class)
                .orElse(true);
    }
}
