package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Limits applied to every execution in the pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {

    public static final int DEFAULT_TIMEOUT_MS = 1000;
    public static final int DEFAULT_HEAP_MB = 64;

    @JsonPropertyDescription("Default and maximum wall time of one execution, in milliseconds "
            + "(`ISOPOOL_TIMEOUT_MS`). A request may ask for less, never for more.")
    @Min(1)
    @Max(300000)
    @Default("1000")
    private Integer timeoutMs;

    @JsonPropertyDescription("Per-isolate V8 old-generation heap cap, in MiB (`--max-old-space-size`). An "
            + "execution that exceeds it ends as `MemoryLimitError`. ArrayBuffer and WebAssembly "
            + "memory are not counted against it.")
    @Min(16)
    @Max(16384)
    @Default("64")
    private Integer heapMb;

    public Integer getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(Integer timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public Integer getHeapMb() {
        return heapMb;
    }

    public void setHeapMb(Integer heapMb) {
        this.heapMb = heapMb;
    }
}
