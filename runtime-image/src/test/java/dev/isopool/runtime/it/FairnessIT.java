package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fairness through the HTTP API of the packaged runtime: a tenant that sends far more than its
 * share gets 429s whose body says the tenant (not the pod) is over its share, with Retry-After,
 * while another tenant's request is admitted and answered 200. The counts follow from the limits
 * (one worker, two waiting per tenant), not from timings: the flood is 12 requests of 200 ms sent
 * at once, so at most 3 of them can be running or waiting when the rest arrive, and the light
 * request is sent while those are still queued.
 */
class FairnessIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FLOOD = 12;

    private static String busy(String tenant, int ms) {
        return "{\"tenant\":\"" + tenant + "\",\"code\":\"const end = Date.now() + " + ms
                + "; while (Date.now() < end) {} 1\"}";
    }

    @Test
    void aFloodingTenantGetsItsOwnTooManyRequestsWhileAnotherIsServed() throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start("fairness", Map.of("ISOPOOL_WORKERS", "1",
                "ISOPOOL_QUEUE_CAPACITY", "8", "ISOPOOL_MAX_QUEUED_PER_TENANT", "2"), List.of())) {
            List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(runtime.executeAsync(busy("flooder", 200)));
            }
            // Once the flood's refusals are back, the flooder still has its share queued (one running, two
            // waiting: 600 ms of work) when the light tenant asks.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flood.stream().filter(CompletableFuture::isDone).count() >= FLOOD - 3);
            boolean floodStillQueued = flood.stream().anyMatch(f -> !f.isDone());
            HttpResponse<String> light = runtime.execute(busy("light", 1));
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            int served = 0;
            List<JsonNode> refusals = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : flood) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) {
                    served++;
                } else {
                    assertEquals(429, r.statusCode(), r.body());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                    refusals.add(MAPPER.readTree(r.body()));
                }
            }
            System.out.printf("fairness over HTTP: flooder %d served, %d refused (first: %s); light %d %s%n",
                    served, refusals.size(), refusals.isEmpty() ? "-" : refusals.get(0), light.statusCode(), light.body());
            System.out.println("the light request was sent while the flooder's share was still queued: " + floodStillQueued);
            assertEquals(200, light.statusCode(), "the light tenant is admitted: " + light.body());
            assertTrue(refusals.size() >= FLOOD - 3, "at most one running and two waiting of the flood: " + refusals.size());
            for (JsonNode body : refusals) {
                assertEquals("tenant", body.get("saturated").asText(), body.toString());
                assertEquals("flooder", body.get("tenant").asText());
                assertEquals(2, body.get("limit").asInt());
                assertTrue(body.get("error").asText().contains("ISOPOOL_MAX_QUEUED_PER_TENANT"), body.toString());
            }
            JsonNode signals = runtime.signals();
            assertTrue(signals.get("rejected").asLong() >= refusals.size(), "the signals count the tenant's 429s");
        }
    }
}
