package dev.isopool.operator.planning;

import dev.isopool.operator.api.AutoscalingSpec;
import dev.isopool.autoscaler.AutoscalerConfig;
import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.LimitsSpec;
import dev.isopool.operator.api.NetworkSpec;
import dev.isopool.operator.api.NodeSpec;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.SandboxPoolSpec;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.operator.api.V8Spec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A SandboxPool spec with every default filled in. The API server applies the CRD's defaults only to objects
 * that are present (and test servers not at all), so the operator resolves them itself, from the same constants.
 */
public record ResolvedSpec(
        int replicas,
        Optional<String> image,
        Engine engine,
        int workersPerPod,
        int timeoutMs,
        int heapMb,
        int cpuMs,
        int logKb,
        int maxQueuedPerTenant,
        V8Profile profile,
        List<String> v8Flags,
        int uvThreadpoolSize,
        String nodeOptions,
        String cpu,
        String memory,
        List<NetworkPolicyPeer> ingressFrom,
        Autoscaling autoscaling,
        boolean v8AutoTune) {

    /** Autoscaling settings with defaults applied. */
    public record Autoscaling(boolean enabled, int minReplicas, int maxReplicas, double eventLoopLagP99TargetMs,
            double workerSlowdownMax, double targetUtilization, int intervalSeconds,
            int scaleDownStabilizationSeconds) {

        /** The policy's view of these settings. */
        public AutoscalerConfig config() {
            return AutoscalerConfig.of(minReplicas, maxReplicas, eventLoopLagP99TargetMs, workerSlowdownMax,
                    targetUtilization, intervalSeconds, scaleDownStabilizationSeconds);
        }
    }

    public static ResolvedSpec of(SandboxPoolSpec spec) {
        SandboxPoolSpec s = spec == null ? new SandboxPoolSpec() : spec;
        LimitsSpec limits = orNew(s.getLimits(), LimitsSpec::new);
        V8Spec v8 = orNew(s.getV8(), V8Spec::new);
        NodeSpec node = orNew(s.getNode(), NodeSpec::new);
        ResourcesSpec resources = orNew(s.getResources(), ResourcesSpec::new);
        NetworkSpec network = orNew(s.getNetwork(), NetworkSpec::new);
        AutoscalingSpec as = orNew(s.getAutoscaling(), AutoscalingSpec::new);
        int workers = or(s.getWorkersPerPod(), SandboxPoolSpec.DEFAULT_WORKERS);
        int timeoutMs = or(limits.getTimeoutMs(), LimitsSpec.DEFAULT_TIMEOUT_MS);
        return new ResolvedSpec(
                or(s.getReplicas(), SandboxPoolSpec.DEFAULT_REPLICAS),
                Optional.ofNullable(s.getImage()).filter(i -> !i.isBlank()),
                or(s.getEngine(), Engine.V8),
                workers,
                timeoutMs,
                or(limits.getHeapMb(), LimitsSpec.DEFAULT_HEAP_MB),
                // The runtime's own defaults (DESIGN.md), made explicit on the pod.
                or(limits.getCpuMs(), timeoutMs),
                or(limits.getLogKb(), LimitsSpec.DEFAULT_LOG_KB),
                or(limits.getMaxQueuedPerTenant(), LimitsSpec.DEFAULT_QUEUED_PER_TENANT_PER_WORKER * workers),
                or(v8.getProfile(), V8Profile.PREDICTABLE),
                List.copyOf(or(v8.getFlags(), List.of())),
                or(node.getUvThreadpoolSize(), NodeSpec.DEFAULT_UV_THREADPOOL_SIZE),
                or(node.getOptions(), "").trim(),
                or(resources.getCpu(), ResourcesSpec.AUTO),
                or(resources.getMemory(), ResourcesSpec.AUTO),
                List.copyOf(or(network.getIngressFrom(), List.of())),
                new Autoscaling(
                        or(as.getEnabled(), false),
                        or(as.getMinReplicas(), AutoscalingSpec.DEFAULT_MIN_REPLICAS),
                        or(as.getMaxReplicas(), AutoscalingSpec.DEFAULT_MAX_REPLICAS),
                        or(as.getEventLoopLagP99TargetMs(), AutoscalingSpec.DEFAULT_LAG_TARGET_MS),
                        or(as.getWorkerSlowdownMax(), AutoscalingSpec.DEFAULT_SLOWDOWN_MAX),
                        or(as.getTargetUtilization(), AutoscalingSpec.DEFAULT_TARGET_UTILIZATION),
                        or(as.getIntervalSeconds(), AutoscalingSpec.DEFAULT_INTERVAL_SECONDS),
                        or(as.getScaleDownStabilizationSeconds(), AutoscalingSpec.DEFAULT_SCALE_DOWN_WINDOW_SECONDS)),
                or(v8.getAutoTune(), false));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static <T> T orNew(T value, Supplier<T> fallback) {
        return value != null ? value : fallback.get();
    }
}
