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
    public static final int DEFAULT_LOG_KB = 64;
    /** The runtime's queue: 64 executions per worker wait beyond the busy ones (ISOPOOL_QUEUE_CAPACITY's default). */
    public static final int QUEUE_PER_WORKER = 64;
    /** The runtime's default share of one tenant: a quarter of the queue. */
    public static final int DEFAULT_QUEUED_PER_TENANT_PER_WORKER = QUEUE_PER_WORKER / 4;

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

    @JsonPropertyDescription("Default and maximum CPU time of one execution, in milliseconds (`ISOPOOL_CPU_MS`), "
            + "measured on the worker thread's CPU clock; an execution that reaches it ends as `CpuLimitError`. A "
            + "request may ask for less (`cpuMs`), never for more. Unset: `timeoutMs`. Must not exceed `timeoutMs`: "
            + "a worker thread cannot get more CPU time than the wall time that passes, so a larger value would "
            + "never apply.")
    @Min(1)
    @Max(300000)
    private Integer cpuMs;

    @JsonPropertyDescription("Console output kept per execution, in KiB (`ISOPOOL_MAX_LOG_BYTES` = logKb x 1024). "
            + "Beyond it the runtime drops the rest, adds one warning entry that says how much was dropped and "
            + "marks the result `logsTruncated`.")
    @Min(1)
    @Max(1024)
    @Default("64")
    private Integer logKb;

    @JsonPropertyDescription("Executions one tenant may have waiting in a pod before its next request gets 429 "
            + "(`ISOPOOL_MAX_QUEUED_PER_TENANT`), while other tenants are still admitted; requests without a tenant "
            + "share one such allowance. Unset: a quarter of the pod's queue, 16 x `workersPerPod`. At most the "
            + "pod's queue, 64 x `workersPerPod`.")
    @Min(1)
    private Integer maxQueuedPerTenant;

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

    public Integer getCpuMs() {
        return cpuMs;
    }

    public void setCpuMs(Integer cpuMs) {
        this.cpuMs = cpuMs;
    }

    public Integer getLogKb() {
        return logKb;
    }

    public void setLogKb(Integer logKb) {
        this.logKb = logKb;
    }

    public Integer getMaxQueuedPerTenant() {
        return maxQueuedPerTenant;
    }

    public void setMaxQueuedPerTenant(Integer maxQueuedPerTenant) {
        this.maxQueuedPerTenant = maxQueuedPerTenant;
    }
}
