package dev.isopool.operator.scrape;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * One pod of a pool as the scraper sees it: ready pods are asked for their signals, pods that are not ready are
 * counted (the policy treats them as the HPA does) but not asked. Pods on their way out are not targets at all.
 */
public record ScrapeTarget(String pod, boolean ready, Optional<String> url) {

    public static final String PATH = "/v1/signals";
    public static final int DEFAULT_PORT = 8080;

    /**
     * How long after turning Ready a pod still counts as not ready (the HPA's
     * `--horizontal-pod-autoscaler-initial-readiness-delay`, 30 s by default): its windowed signals still hold its
     * start-up (JIT warm-up, isolates being created), and on a busy node that start-up reads as lag and slowdown that
     * would make the pool scale out on its own growth.
     */
    public static final Duration INITIAL_READINESS_DELAY = Duration.ofSeconds(30);

    /** The target for a pod, or empty for a pod that is terminating or finished (HPA ignores those too). */
    public static Optional<ScrapeTarget> of(Pod pod, Instant now) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return pod.getMetadata().getDeletionTimestamp() != null
                    ? Optional.empty()
                    : Optional.of(new ScrapeTarget(pod.getMetadata().getName(), false, Optional.empty()));
        }
        String phase = pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return Optional.empty();
        }
        boolean ready = pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())
                        && readyLongEnough(c.getLastTransitionTime(), now));
        String ip = pod.getStatus().getPodIP();
        if (!ready || ip == null || ip.isBlank()) {
            return Optional.of(new ScrapeTarget(pod.getMetadata().getName(), false, Optional.empty()));
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return Optional.of(new ScrapeTarget(pod.getMetadata().getName(), true,
                Optional.of("http://" + host + ":" + port(pod) + PATH)));
    }

    /** A Ready condition without a readable transition time counts as ready long ago. */
    static boolean readyLongEnough(String lastTransitionTime, Instant now) {
        if (lastTransitionTime == null || lastTransitionTime.isBlank()) {
            return true;
        }
        try {
            return !OffsetDateTime.parse(lastTransitionTime).toInstant().isAfter(now.minus(INITIAL_READINESS_DELAY));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** The runtime container's port named `http` (DESIGN.md: 8080). */
    static int port(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return DEFAULT_PORT;
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
                .filter(p -> "http".equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(DEFAULT_PORT);
    }
}
