package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.isopool.operator.TestingPools.autoscaling;
import static dev.isopool.operator.TestingPools.flags;
import static dev.isopool.operator.TestingPools.heap;
import static dev.isopool.operator.TestingPools.limits;
import static dev.isopool.operator.TestingPools.memory;
import static dev.isopool.operator.TestingPools.node;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.SandboxPoolSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

    private final SpecValidator validator = new SpecValidator(new MemoryPlan(256));

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                row("min > max", s -> s.setAutoscaling(autoscaling(5, 3)), "spec.autoscaling.minReplicas",
                        "greater than spec.autoscaling.maxReplicas (3)"),
                row("dangerous flag", s -> s.setV8(flags("--no-opt", "--allow-natives-syntax")),
                        "spec.v8.flags[1]", "exposes V8 internals"),
                row("unknown flag", s -> s.setV8(flags("--wasm-tier-upp")), "spec.v8.flags[0]",
                        "not a V8 flag the operator allows"),
                row("heap via flags", s -> s.setV8(flags("--max-old-space-size=512")), "spec.v8.flags[0]",
                        "use spec.limits.heapMb"),
                row("node options on v8", s -> s.setNode(node("--no-warnings")), "spec.node.options",
                        "only valid with engine node"),
                row("dangerous node option", s -> {
                    s.setEngine(Engine.NODE);
                    s.setNode(node("--no-warnings --inspect"));
                }, "spec.node.options", "--inspect is not allowed"),
                row("heap does not fit", s -> {
                    s.setLimits(heap(256));
                    s.setResources(memory("512Mi"));
                }, "spec.resources.memory", "= 832 MiB"),
                row("memory below the JVM base", s -> s.setResources(memory("100M")), "spec.resources.memory",
                        "cannot hold spec.limits.heapMb"),
                row("cpu limit above the wall limit", s -> s.setLimits(limits(1000, 1500, null, null)),
                        "spec.limits.cpuMs", "1500 exceeds spec.limits.timeoutMs (1000)"),
                row("cpu limit above the default wall limit", s -> s.setLimits(limits(null, 1001, null, null)),
                        "spec.limits.cpuMs", "would never apply"),
                row("tenant share above the pod's queue", s -> {
                    s.setWorkersPerPod(2);
                    s.setLimits(limits(null, null, null, 129));
                }, "spec.limits.maxQueuedPerTenant", "exceeds the pod's queue of 128 executions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void rejectsWhatTheSchemaCannotCatch(String title, Consumer<SandboxPoolSpec> change, String field,
            String messagePart) {
        SpecValidator.Findings findings = validate(change);
        assertEquals(1, findings.errors().size(), () -> findings.errors().toString());
        SpecProblem problem = findings.errors().get(0);
        assertEquals(field, problem.field());
        assertEquals(SpecProblem.INVALID_SPEC, problem.reason());
        assertTrue(problem.message().contains(messagePart), problem::message);
    }

    @Test
    void limitsAtTheirBoundsAreClean() {
        assertTrue(validate(s -> s.setLimits(limits(1000, 1000, null, null))).valid(), "cpuMs = timeoutMs");
        assertTrue(validate(s -> {
            s.setWorkersPerPod(2);
            s.setLimits(limits(null, null, null, 128));
        }).valid(), "one tenant may use the whole queue");
    }

    @Test
    void memoryBetweenRequiredAndPlannedIsAWarning() {
        // required 448 MiB, planned 538 MiB
        SpecValidator.Findings findings = validate(s -> s.setResources(memory("500Mi")));
        assertTrue(findings.valid());
        assertEquals(List.of("spec.resources.memory"), findings.warnings().stream().map(SpecProblem::field).toList());
        assertEquals(SpecProblem.MEMORY_BELOW_PLAN, findings.warnings().get(0).reason());
    }

    @Test
    void defaultsAndGenerousValuesAreClean() {
        assertEquals(new SpecValidator.Findings(List.of(), List.of()), validate(s -> {
        }));
        assertEquals(new SpecValidator.Findings(List.of(), List.of()), validate(s -> {
            s.setEngine(Engine.NODE);
            s.setNode(node("--no-warnings --stack-trace-limit=20"));
            s.setV8(flags("--no-opt", "--stack-size=512"));
            s.setResources(memory("1Gi"));
        }));
    }

    @Test
    void aPoolNameMustFitALabelValue() {
        SpecValidator.Findings findings = validator.validate("p".repeat(64), ResolvedSpec.of(new SandboxPoolSpec()));
        assertEquals("metadata.name", findings.errors().get(0).field());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SpecValidator.Findings findings = validate(s -> {
            s.setAutoscaling(autoscaling(9, 2));
            s.setV8(flags("--expose-gc"));
        });
        assertEquals(List.of("spec.autoscaling.minReplicas", "spec.v8.flags[0]"),
                findings.errors().stream().map(SpecProblem::field).toList());
    }

    private SpecValidator.Findings validate(Consumer<SandboxPoolSpec> change) {
        return validator.validate("pool", ResolvedSpec.of(TestingPools.pool("pool", change).getSpec()));
    }

    private static Arguments row(String title, Consumer<SandboxPoolSpec> change, String field, String message) {
        return Arguments.of(title, change, field, message);
    }
}
