package dev.isopool.operator.signals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One scrape of a pool: when it was taken and what each pod said (empty: not ready, or no usable answer). */
public record ScrapeResult(Instant observedAt, List<PodResult> pods) {

    /** A pod's answer. `error` says why a ready pod's signals are missing, for the log. */
    public record PodResult(String pod, boolean ready, Optional<RuntimeSignals> signals, Optional<String> error) {
    }

    public ScrapeResult {
        pods = List.copyOf(pods);
    }
}
