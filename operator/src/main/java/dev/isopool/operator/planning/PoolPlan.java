package dev.isopool.operator.planning;

import dev.isopool.operator.api.Engine;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the dependents render for one valid pool: a value, computed once per reconciliation by
 * {@link PoolPlanner}, so that every dependent agrees and `desired()` stays a pure function of it.
 */
public record PoolPlan(
        String name,
        String namespace,
        String image,
        String imagePullPolicy,
        Engine engine,
        int workers,
        int timeoutMs,
        int heapMb,
        int cpuMs,
        int logBytes,
        int maxQueuedPerTenant,
        String nodeOptions,
        String runtimeV8Flags,
        int uvThreadpoolSize,
        String cpu,
        String memory,
        String javaToolOptions,
        int replicas,
        List<NetworkPolicyPeer> ingressFrom,
        String operatorNamespace) {

    /** Key under which the reconciler hands the plan to the dependents. */
    public static final String CONTEXT_KEY = "isopool.pool-plan";
    public static final int HTTP_PORT = 8080;
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_POOL = "isopool.dev/pool";
    public static final String MANAGED_BY = "isopool-operator";
    /** The operator's own pods carry `app.kubernetes.io/name` with this value (config/operator/). */
    public static final String OPERATOR_NAME = "isopool-operator";
    public static final String RUNTIME = "isopool-runtime";
    public static final String CONFIG_HASH_ANNOTATION = "isopool.dev/config-hash";
    /** Informer selector of the dependents: only objects this operator made are cached. */
    public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;

    /** Labels that select this pool's pods; never change for a pool, since a Deployment selector is immutable. */
    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, RUNTIME);
        labels.put(LABEL_POOL, name);
        return labels;
    }

    /** Labels on every object the pool owns. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put(LABEL_INSTANCE, name);
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        return labels;
    }

    /** The pod selector in string form, as `status.selector` and the `/scale` subresource expect it. */
    public String selectorString() {
        return selectorString(name);
    }

    public static String selectorString(String poolName) {
        return LABEL_NAME + "=" + RUNTIME + "," + LABEL_POOL + "=" + poolName;
    }

    /** Every V8 flag the pods run with, wherever it is passed (NODE_OPTIONS or ISOPOOL_V8_FLAGS). */
    public String v8FlagsInForce() {
        return runtimeV8Flags.isEmpty() ? nodeOptions : nodeOptions + " " + runtimeV8Flags;
    }

    /** Environment of the runtime container, in a stable order. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NODE_OPTIONS", nodeOptions);
        if (!runtimeV8Flags.isEmpty()) {
            env.put("ISOPOOL_V8_FLAGS", runtimeV8Flags);
        }
        if (engine == Engine.NODE) {
            env.put("UV_THREADPOOL_SIZE", Integer.toString(uvThreadpoolSize));
        }
        env.put("ISOPOOL_ENGINE", engine.wireName());
        env.put("ISOPOOL_WORKERS", Integer.toString(workers));
        env.put("ISOPOOL_TIMEOUT_MS", Integer.toString(timeoutMs));
        env.put("ISOPOOL_CPU_MS", Integer.toString(cpuMs));
        env.put("ISOPOOL_MAX_LOG_BYTES", Integer.toString(logBytes));
        env.put("ISOPOOL_MAX_QUEUED_PER_TENANT", Integer.toString(maxQueuedPerTenant));
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        return env;
    }

    /**
     * A short hash of everything that shapes a runtime process. It goes on the pod template, so that any change
     * of it rolls the pods, and lets a user see at a glance which pods run which configuration.
     */
    public String configHash() {
        String canonical = image + "|" + cpu + "|" + memory + "|" + environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("|"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
