package dev.isopool.operator.planning;

import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.api.V8Profile;
import java.util.ArrayList;
import java.util.List;

/** Turns a SandboxPool into a {@link PoolPlan}, or into the problems that stop it from being applied. */
public final class PoolPlanner {

    /** The flags of the `predictable` profile (seeds: Liftoff makes parallel workers 4-12x slower). */
    public static final String DEFAULT_OPERATOR_NAMESPACE = "isopool-system";
    public static final List<String> PREDICTABLE_FLAGS = List.of("--no-wasm-tier-up", "--no-wasm-lazy-compilation");

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
                nodeOptions(spec, status),
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

    /** Profile flags, then the user's V8 flags, then (engine node) Node options, then the heap cap. */
    public static String nodeOptions(ResolvedSpec spec, SandboxPoolStatus status) {
        List<String> parts = new ArrayList<>();
        if (effectiveProfile(spec, status) == V8Profile.PREDICTABLE) {
            parts.addAll(PREDICTABLE_FLAGS);
        }
        spec.v8Flags().forEach(flag -> parts.add(flag.trim()));
        if (spec.engine() == Engine.NODE && !spec.nodeOptions().isEmpty()) {
            parts.add(spec.nodeOptions().replaceAll("\\s+", " "));
        }
        parts.add("--max-old-space-size=" + spec.heapMb());
        return String.join(" ", parts);
    }
}
