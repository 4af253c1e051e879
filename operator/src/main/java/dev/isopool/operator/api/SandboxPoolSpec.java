package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** The desired state of a pool of sandbox runtime pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxPoolSpec {

    public static final int DEFAULT_REPLICAS = 2;
    public static final int DEFAULT_WORKERS = 2;

    @JsonPropertyDescription("Number of runtime pods while autoscaling is off. The `/scale` subresource (`kubectl "
            + "scale`) sets it.")
    @SpecReplicas
    @Min(0)
    @Max(1000)
    @Default("2")
    private Integer replicas;

    @JsonPropertyDescription("Container image of the sandbox runtime. Defaults to the operator's "
            + "`isopool.operator.runtime-image`.")
    @Pattern("^[^\\s]+$")
    private String image;

    @JsonPropertyDescription("`v8` (bare isolates, for untrusted code; default) or `node` (embedded Node.js, "
            + "locked down).")
    @Default("v8")
    private Engine engine;

    @JsonPropertyDescription("Worker threads per pod, one V8 isolate each (`ISOPOOL_WORKERS`).")
    @Min(1)
    @Max(64)
    @Default("2")
    private Integer workersPerPod;

    @JsonPropertyDescription("Per-execution limits: wall time, CPU time, isolate heap, console output; and how many "
            + "executions one tenant may have waiting in a pod.")
    private LimitsSpec limits;

    @JsonPropertyDescription("V8 flags: a profile plus allowlisted extra flags.")
    private V8Spec v8;

    @JsonPropertyDescription("Node.js settings, used only with `engine: node`.")
    private NodeSpec node;

    @JsonPropertyDescription("CPU and memory per pod; memory `auto` follows the planning formula.")
    private ResourcesSpec resources;

    @JsonPropertyDescription("Ingress allowed to the runtime pods; egress is always denied.")
    private NetworkSpec network;

    @JsonPropertyDescription("Signal-driven sizing of the pool.")
    private AutoscalingSpec autoscaling;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Engine getEngine() {
        return engine;
    }

    public void setEngine(Engine engine) {
        this.engine = engine;
    }

    public Integer getWorkersPerPod() {
        return workersPerPod;
    }

    public void setWorkersPerPod(Integer workersPerPod) {
        this.workersPerPod = workersPerPod;
    }

    public LimitsSpec getLimits() {
        return limits;
    }

    public void setLimits(LimitsSpec limits) {
        this.limits = limits;
    }

    public V8Spec getV8() {
        return v8;
    }

    public void setV8(V8Spec v8) {
        this.v8 = v8;
    }

    public NodeSpec getNode() {
        return node;
    }

    public void setNode(NodeSpec node) {
        this.node = node;
    }

    public ResourcesSpec getResources() {
        return resources;
    }

    public void setResources(ResourcesSpec resources) {
        this.resources = resources;
    }

    public NetworkSpec getNetwork() {
        return network;
    }

    public void setNetwork(NetworkSpec network) {
        this.network = network;
    }

    public AutoscalingSpec getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(AutoscalingSpec autoscaling) {
        this.autoscaling = autoscaling;
    }
}
