package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Compute resources of each runtime pod (requests equal limits: Guaranteed QoS). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourcesSpec {

    public static final String AUTO = "auto";

    @JsonPropertyDescription("CPU per pod as a Kubernetes quantity (`2`, `1500m`), or `auto` for one CPU per "
            + "worker. Requests equal limits, so throttling shows up in the pods' worker slowdown "
            + "signal instead of silently.")
    @Pattern("^(auto|[0-9]+(\\.[0-9]+)?|[0-9]+m)$")
    @Default("auto")
    private String cpu;

    @JsonPropertyDescription("Memory per pod as a Kubernetes quantity (`768Mi`, `1Gi`), or `auto` for the planning "
            + "formula `(256 MiB JVM base + workersPerPod x (heapMb + 32 MiB)) x 1.2`. A value "
            + "below the plan marks the pool Degraded (MemoryBelowPlan); a value that cannot hold "
            + "the JVM base and every worker's heap is rejected (InvalidSpec).")
    @Pattern("^(auto|[0-9]+(\\.[0-9]+)?([KMGT]i?|[mkE]|Ei|Pi|P)?)$")
    @Default("auto")
    private String memory;

    public String getCpu() {
        return cpu;
    }

    public void setCpu(String cpu) {
        this.cpu = cpu;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }
}
