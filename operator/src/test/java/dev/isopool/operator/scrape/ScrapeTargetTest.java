package dev.isopool.operator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrapeTargetTest {
    private static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

    private static Pod pod(String readyStatus, String since, String deletion, String phase) {
        return new PodBuilder()
                .withNewMetadata().withName("p").withDeletionTimestamp(deletion).endMetadata()
                .withNewStatus().withPhase(phase).withPodIP("127.0.1.7")
                .addNewCondition().withType("Ready").withStatus(readyStatus).withLastTransitionTime(since).endCondition()
                .endStatus().build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "ready for a minute                  | True  | 2026-11-22T06:59:00Z | null                 | Running   | ready",
            "ready for exactly 30 s              | True  | 2026-11-22T06:59:30Z | null                 | Running   | ready",
            "ready for 10 s: still starting up   | True  | 2026-11-22T06:59:50Z | null                 | Running   | not ready",
            "ready, no transition time           | True  | null                 | null                 | Running   | ready",
            "not ready                           | False | 2026-11-22T06:00:00Z | null                 | Running   | not ready",
            "terminating                         | True  | 2026-11-22T06:00:00Z | 2026-11-22T06:59:59Z | Running   | none",
            "finished                            | True  | 2026-11-22T06:00:00Z | null                 | Succeeded | none",
    })
    void podsAreTargetsAsTheHpaCountsThem(String name, String ready, String since, String deletion, String phase,
            String expected) {
        Optional<ScrapeTarget> target = ScrapeTarget.of(pod(ready, since, deletion, phase), NOW);
        switch (expected) {
            case "none" -> assertTrue(target.isEmpty());
            case "ready" -> {
                assertTrue(target.orElseThrow().ready());
                assertEquals("http://127.0.1.7:8080/v1/signals", target.orElseThrow().url().orElseThrow());
            }
            default -> assertTrue(!target.orElseThrow().ready() && target.orElseThrow().url().isEmpty());
        }
    }
}
