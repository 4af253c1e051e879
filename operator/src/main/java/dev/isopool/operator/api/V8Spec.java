package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** V8 configuration of the runtime pods, rendered into `NODE_OPTIONS`. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class V8Spec {

    @JsonPropertyDescription("Named flag set applied first: `predictable` (`--no-liftoff "
            + "--no-wasm-lazy-compilation`, the default: WebAssembly compiled whole by TurboFan in "
            + "`new WebAssembly.Module`, then the same speed from the first call with no background tier-up; "
            + "docs/benchmarks.md) or `default` (V8's own behaviour: Liftoff first, lazy compilation, tier-up). "
            + "`status.v8Flags` shows the flags in force.")
    @Default("predictable")
    private V8Profile profile;

    @JsonPropertyDescription("Extra V8 flags, one per item, e.g. `--stack-size=984` or `--no-opt`. Only flags on "
            + "the operator's allowlist are accepted; an unknown or dangerous flag (e.g. "
            + "`--allow-natives-syntax`, `--expose-gc`) marks the pool Degraded with reason "
            + "InvalidSpec. The heap cap comes from `spec.limits.heapMb`, not from here.")
    @Size(max = 32)
    private List<String> flags;

    @JsonPropertyDescription("Let the operator tune V8 flags from the pods' signals: when worker slowdown stays "
            + "above `autoscaling.workerSlowdownMax` while WebAssembly tier-up is on (the Liftoff anomaly), switch "
            + "the pool to the `predictable` profile once, roll the pods, and record it in `status.autoTune`.")
    @Default("false")
    private Boolean autoTune;

    public V8Profile getProfile() {
        return profile;
    }

    public void setProfile(V8Profile profile) {
        this.profile = profile;
    }

    public List<String> getFlags() {
        return flags;
    }

    public void setFlags(List<String> flags) {
        this.flags = flags;
    }

    public Boolean getAutoTune() {
        return autoTune;
    }

    public void setAutoTune(Boolean autoTune) {
        this.autoTune = autoTune;
    }
}
