package dev.isopool.operator.planning;

import dev.isopool.autoscaler.PredictableProfile;
import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.api.V8Profile;
import java.util.ArrayList;
import java.util.List;

/** Turns a SandboxPool into a {@link PoolPlan}, or into the problems that stop it from being applied. */
public final class PoolPlanner {

    public static final String DEFAULT_OPERATOR_NAMESPACE = "isopool-system";
    /**
     * The V8 flags Node.js accepts inside NODE_OPTIONS (Node.js 24's CLI documentation); the runtime keeps the same
     * list (`NodePlatform.NODE_OPTIONS_V8_FLAGS`) and refuses others there.
     */
    static final java.util.Set<String> NODE_OPTIONS_V8_FLAGS = java.util.Set.of("disallow-code-generation-from-strings",
            "enable-etw-stack-walking", "huge-max-old-generation-size", "interpreted-frames-native-stack", "jitless",
            "max-old-space-size", "max-semi-space-size", "perf-basic-prof-only-functions", "perf-basic-prof",
            "perf-prof-unwinding-info", "perf-prof", "stack-trace-limit");

    private final String defaultImage;
    private final String imagePullPolicy;
    private final MemoryPlan memoryPlan;
    private final SpecValidator validator;
    private final String operatorNamespace;

    public PoolPlanner(String defaultImage, String imagePullPolicy, MemoryPlan memoryPlan) {
        this(defaultImage, imagePullPolicy, memoryPlan, DEFAULT_OPERATOR_NAMESPACE);
    }

    /** @param operatorNamespace where the operator runs: its pods may read the runtime pods' signals */
    public PoolPlanner(String defaultImage, String imagePullPolicy, MemoryPlan memoryPlan,
            String operatorNamespace) {
        this.operatorNamespace = operatorNamespace;
        this.defaultImage = defaultImage;
        this.imagePullPolicy = imagePullPolicy;
        this.memoryPlan = memoryPlan;
        this.validator = new SpecValidator(memoryPlan);
    }

    /** The outcome of planning: a plan when the spec is valid, and whatever is wrong with it. */
    public record Planning(PoolPlan plan, List<SpecProblem> errors, List<SpecProblem> warnings) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Plans a pool. `desiredReplicas` comes from {@link DesiredReplicas}, so that the autoscaler's decision (in
     * status) and the spec meet in one place.
     */
    public Planning plan(SandboxPool pool) {
        return plan(pool, pool.getStatus());
    }

    /**
     * Plans a pool against a status that may be newer than the pool's own: the one the autoscaler has just decided
     * on, before it is written.
     */
    public Planning plan(SandboxPool pool, SandboxPoolStatus status) {
        ResolvedSpec spec = ResolvedSpec.of(pool.getSpec());
        SpecValidator.Findings findings = validator.validate(pool.getMetadata().getName(), spec);
        if (!findings.valid()) {
            return new Planning(null, findings.errors(), findings.warnings());
        }
        PoolPlan plan = new PoolPlan(
                pool.getMetadata().getName(),
                pool.getMetadata().getNamespace(),
                spec.image().orElse(defaultImage),
                imagePullPolicy,
                spec.engine(),
                spec.workersPerPod(),
                spec.timeoutMs(),
                spec.heapMb(),
                spec.cpuMs(),
                spec.logKb() * 1024,
                spec.maxQueuedPerTenant(),
                nodeOptions(spec, status),
                runtimeV8Flags(spec, status),
                spec.uvThreadpoolSize(),
                ResourcesSpec.AUTO.equals(spec.cpu()) ? Integer.toString(spec.workersPerPod()) : spec.cpu(),
                ResourcesSpec.AUTO.equals(spec.memory())
                        ? memoryPlan.plannedMib(spec.workersPerPod(), spec.heapMb()) + "Mi"
                        : spec.memory(),
                "-Xmx" + memoryPlan.javaHeapMib() + "m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp",
                DesiredReplicas.of(spec, status),
                spec.ingressFrom(),
                operatorNamespace);
        return new Planning(plan, List.of(), findings.warnings());
    }

    /**
     * The profile in force: `spec.v8.profile`, unless `spec.v8.autoTune` is on and the operator has switched the pool
     * (recorded in `status.autoTune`).
     */
    public static V8Profile effectiveProfile(ResolvedSpec spec, SandboxPoolStatus status) {
        if (spec.v8AutoTune() && status != null && status.getAutoTune() != null
                && status.getAutoTune().getProfile() != null) {
            return status.getAutoTune().getProfile();
        }
        return spec.profile();
    }

    static String nodeOptions(ResolvedSpec spec) {
        return nodeOptions(spec, null);
    }

    /**
     * `NODE_OPTIONS`. Engine v8: profile flags, then the user's V8 flags, then the heap cap. Engine node: Node.js
     * reads NODE_OPTIONS itself and refuses most V8 flags there, so it gets the Node options, the V8 flags Node
     * allows there ({@link #NODE_OPTIONS_V8_FLAGS}) and the heap cap; the other V8 flags go to
     * {@link #runtimeV8Flags}.
     */
    public static String nodeOptions(ResolvedSpec spec, SandboxPoolStatus status) {
        List<String> parts = new ArrayList<>();
        if (spec.engine() == Engine.NODE) {
            if (!spec.nodeOptions().isEmpty()) {
                parts.add(spec.nodeOptions().trim().replaceAll("\\s+", " "));
            }
            v8Flags(spec, status).stream().filter(PoolPlanner::allowedInNodeOptions).forEach(parts::add);
        } else {
            parts.addAll(v8Flags(spec, status));
        }
        parts.add("--max-old-space-size=" + spec.heapMb());
        return String.join(" ", parts);
    }

    /**
     * `ISOPOOL_V8_FLAGS`: with engine node, the V8 flags Node.js would refuse in NODE_OPTIONS (the profile's among
     * them), applied by the runtime itself; empty with engine v8, where NODE_OPTIONS carries them all.
     */
    public static String runtimeV8Flags(ResolvedSpec spec, SandboxPoolStatus status) {
        if (spec.engine() != Engine.NODE) {
            return "";
        }
        return String.join(" ", v8Flags(spec, status).stream().filter(f -> !allowedInNodeOptions(f)).toList());
    }

    /** Profile flags, then the user's V8 flags. */
    private static List<String> v8Flags(ResolvedSpec spec, SandboxPoolStatus status) {
        List<String> flags = new ArrayList<>();
        if (effectiveProfile(spec, status) == V8Profile.PREDICTABLE) {
            flags.addAll(PredictableProfile.FLAGS);
        }
        spec.v8Flags().forEach(flag -> flags.add(flag.trim()));
        return flags;
    }

    private static boolean allowedInNodeOptions(String flag) {
        String name = flag.replaceFirst("^--(no-)?", "").replaceFirst("=.*$", "").replace('_', '-');
        return NODE_OPTIONS_V8_FLAGS.contains(name);
    }
}
