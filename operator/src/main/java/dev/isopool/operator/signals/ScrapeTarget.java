package dev.isopool.operator.signals;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;
import java.util.Optional;

/**
 * One pod of a pool as the scraper sees it: ready pods are asked for their signals, pods that are not ready are
 * counted (the policy treats them as the HPA does) but not asked. Pods on their way out are not targets at all.
 */
public record ScrapeTarget(String pod, boolean ready, Optional<String> url) {

    public static final String PATH = "/v1/signals";
    public static final int DEFAULT_PORT = 8080;

    /** The target for a pod, or empty for a pod that is terminating or finished (HPA ignores those too). */
    public static Optional<ScrapeTarget> of(Pod pod) {
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
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String ip = pod.getStatus().getPodIP();
        if (!ready || ip == null || ip.isBlank()) {
            return Optional.of(new ScrapeTarget(pod.getMetadata().getName(), false, Optional.empty()));
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return Optional.of(new ScrapeTarget(pod.getMetadata().getName(), true,
                Optional.of("http://" + host + ":" + port(pod) + PATH)));
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
