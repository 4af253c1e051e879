package dev.isopool.operator.scrape;

import dev.isopool.autoscaler.PodReading;
import dev.isopool.autoscaler.PodSample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One scrape of a pool: when it was taken and what each pod said. */
public record ScrapeResult(Instant observedAt, List<PodResult> pods) {

    /**
     * A pod's answer: its reading, empty when the pod is not ready or gave no usable answer; `error` says why a
     * ready pod's reading is missing, for the log.
     */
    public record PodResult(String pod, boolean ready, Optional<PodReading> reading, Optional<String> error) {

        public static PodResult notReady(String pod) {
            return new PodResult(pod, false, Optional.empty(), Optional.empty());
        }

        public static PodResult answered(String pod, PodReading reading) {
            return new PodResult(pod, true, Optional.of(reading), Optional.empty());
        }

        public static PodResult missing(String pod, String why) {
            return new PodResult(pod, true, Optional.empty(), Optional.of(why));
        }

        /** The pod as the policy sees it. */
        public PodSample sample() {
            return new PodSample(ready, ready ? reading : Optional.empty());
        }
    }

    public ScrapeResult {
        pods = List.copyOf(pods);
    }
}
