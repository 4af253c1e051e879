package dev.isopool.operator.planning;

import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.LimitsSpec;
import dev.isopool.operator.api.ResourcesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Checks what the CRD schema cannot: relations between fields, V8 flags, and whether the memory given can hold
 * the workers' heaps. Errors stop the operator from applying the spec; warnings are applied and reported.
 */
public final class SpecValidator {

    private final MemoryPlan memoryPlan;

    public SpecValidator(MemoryPlan memoryPlan) {
        this.memoryPlan = memoryPlan;
    }

    /** Problems found in a spec. */
    public record Findings(List<SpecProblem> errors, List<SpecProblem> warnings) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Findings validate(String poolName, ResolvedSpec spec) {
        List<SpecProblem> errors = new ArrayList<>();
        List<SpecProblem> warnings = new ArrayList<>();
        if (poolName != null && poolName.length() > 63) {
            errors.add(SpecProblem.invalid("metadata.name",
                    "is " + poolName.length() + " characters; a pool name must fit a label value (63)"));
        }
        ResolvedSpec.Autoscaling as = spec.autoscaling();
        if (as.minReplicas() > as.maxReplicas()) {
            errors.add(SpecProblem.invalid("spec.autoscaling.minReplicas",
                    as.minReplicas() + " is greater than spec.autoscaling.maxReplicas (" + as.maxReplicas() + ")"));
        }
        checkLimits(spec, errors);
        checkFlags(spec, errors);
        checkNodeOptions(spec, errors);
        checkCpu(spec, errors);
        checkMemory(spec, errors, warnings);
        return new Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    /** The limits' relations to each other and to the pod's queue; their ranges are the schema's. */
    private static void checkLimits(ResolvedSpec spec, List<SpecProblem> errors) {
        if (spec.cpuMs() > spec.timeoutMs()) {
            errors.add(SpecProblem.invalid("spec.limits.cpuMs", spec.cpuMs() + " exceeds spec.limits.timeoutMs ("
                    + spec.timeoutMs() + "): a worker thread cannot get more CPU time than the wall time that passes,"
                    + " so this limit would never apply; lower it, raise timeoutMs, or leave cpuMs unset (= timeoutMs)"));
        }
        int queue = LimitsSpec.QUEUE_PER_WORKER * spec.workersPerPod();
        if (spec.maxQueuedPerTenant() > queue) {
            errors.add(SpecProblem.invalid("spec.limits.maxQueuedPerTenant", spec.maxQueuedPerTenant()
                    + " exceeds the pod's queue of " + queue + " executions (" + LimitsSpec.QUEUE_PER_WORKER
                    + " x spec.workersPerPod " + spec.workersPerPod() + "); one tenant cannot wait for more than the pod"
                    + " holds"));
        }
    }

    private static void checkFlags(ResolvedSpec spec, List<SpecProblem> errors) {
        for (int i = 0; i < spec.v8Flags().size(); i++) {
            FlagVerdict verdict = V8FlagPolicy.judge(spec.v8Flags().get(i));
            if (!verdict.isAllowed()) {
                errors.add(SpecProblem.invalid("spec.v8.flags[" + i + "]", verdict.reason()));
            }
        }
    }

    private static void checkNodeOptions(ResolvedSpec spec, List<SpecProblem> errors) {
        if (spec.nodeOptions().isEmpty()) {
            return;
        }
        if (spec.engine() != Engine.NODE) {
            errors.add(SpecProblem.invalid("spec.node.options",
                    "is only valid with engine node; this pool uses engine v8"));
            return;
        }
        for (String token : spec.nodeOptions().split("\\s+")) {
            FlagVerdict verdict = NodeOptionPolicy.judge(token);
            if (!verdict.isAllowed()) {
                errors.add(SpecProblem.invalid("spec.node.options", verdict.reason()));
            }
        }
    }

    private static void checkCpu(ResolvedSpec spec, List<SpecProblem> errors) {
        if (!ResourcesSpec.AUTO.equals(spec.cpu()) && !Quantities.positive(spec.cpu())) {
            errors.add(SpecProblem.invalid("spec.resources.cpu",
                    "'" + spec.cpu() + "' is not a positive CPU quantity"));
        }
    }

    private void checkMemory(ResolvedSpec spec, List<SpecProblem> errors, List<SpecProblem> warnings) {
        if (ResourcesSpec.AUTO.equals(spec.memory())) {
            return;
        }
        OptionalLong given = Quantities.mebibytes(spec.memory());
        if (given.isEmpty()) {
            errors.add(SpecProblem.invalid("spec.resources.memory",
                    "'" + spec.memory() + "' is not a memory quantity"));
            return;
        }
        long required = memoryPlan.requiredMib(spec.workersPerPod(), spec.heapMb());
        long planned = memoryPlan.plannedMib(spec.workersPerPod(), spec.heapMb());
        String formula = "JVM base " + memoryPlan.jvmBaseMib() + " MiB + " + spec.workersPerPod() + " workers x ("
                + spec.heapMb() + " MiB heap + " + MemoryPlan.ISOLATE_OVERHEAD_MIB + " MiB)";
        if (given.getAsLong() < required) {
            errors.add(SpecProblem.invalid("spec.resources.memory", spec.memory()
                    + " cannot hold spec.limits.heapMb for every worker: " + formula + " = " + required
                    + " MiB; raise it, lower spec.limits.heapMb or spec.workersPerPod, or use auto"));
        } else if (given.getAsLong() < planned) {
            warnings.add(new SpecProblem("spec.resources.memory", SpecProblem.MEMORY_BELOW_PLAN,
                    spec.memory() + " is below the plan of " + planned
                    + "Mi ((" + formula + ") x 1.2); pods may be OOM-killed under load"));
        }
    }
}
