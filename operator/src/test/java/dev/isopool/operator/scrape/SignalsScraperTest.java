package dev.isopool.operator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.isopool.autoscaler.PodReading;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP edge: every answer a pod can give becomes a reading or a missing result that says why; none fails. */
class SignalsScraperTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private HttpServer server;
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile long delayMs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/signals", exchange -> {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ScrapeResult.PodResult scrapeOne(Duration timeout) {
        SignalsScraper scraper = new SignalsScraper(timeout, null, new TestingClock(T0));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + ScrapeTarget.PATH;
        ScrapeResult result = scraper.scrape(List.of(new ScrapeTarget("pod-0", true, Optional.of(url)),
                new ScrapeTarget("pod-1", false, Optional.empty()))).join();
        assertEquals(T0, result.observedAt());
        assertEquals(ScrapeResult.PodResult.notReady("pod-1"), result.pods().get(1), "not-ready pods are not asked");
        return result.pods().get(0);
    }

    @Test
    void aRuntimeBodyBecomesAReading() {
        body = "{\"windowSeconds\":10,\"workers\":2,\"eventLoopLagP99Ms\":31.5,\"workerSlowdown\":1.1,"
                + "\"cpuContention\":1.0,\"codeSlowdown\":1.1,\"utilization\":0.42,\"executions\":100,"
                + "\"rejected\":7,\"health\":\"OK\","
                + "\"v8Flags\":[\"--no-wasm-tier-up\"]}";
        ScrapeResult.PodResult pod = scrapeOne(Duration.ofSeconds(2));
        assertEquals(Optional.of(new PodReading(31.5, 1.1, 1.0, 1.1, 0.42, 100, 7)), pod.reading());
        assertTrue(pod.sample().answered());
    }

    @Test
    void anOlderRuntimeWithoutCountsRefusedNothing() {
        body = "{\"eventLoopLagP99Ms\":3,\"workerSlowdown\":1.0,\"utilization\":0.5,\"rejected\":\"many\"}";
        assertEquals(Optional.of(new PodReading(3, 1.0, 0.5, 0, 0)), scrapeOne(Duration.ofSeconds(2)).reading());
    }

    @Test
    void anErrorStatusIsMissingNotIdle() {
        status = 503;
        ScrapeResult.PodResult pod = scrapeOne(Duration.ofSeconds(2));
        assertEquals(Optional.of("HTTP 503"), pod.error());
        assertTrue(pod.ready() && !pod.sample().answered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1, 2]", "{\"eventLoopLagP99Ms\": 3, \"utilization\": 0.5}",
        "{\"eventLoopLagP99Ms\": \"3\", \"workerSlowdown\": 1, \"utilization\": 0.5}",
        "{\"eventLoopLagP99Ms\": -1, \"workerSlowdown\": 1, \"utilization\": 0.5}",
        "{\"eventLoopLagP99Ms\": null, \"workerSlowdown\": 1, \"utilization\": 0.5}"})
    void aBodyWithoutTheSignalsIsMissing(String garbage) {
        body = garbage;
        ScrapeResult.PodResult pod = scrapeOne(Duration.ofSeconds(2));
        assertTrue(pod.reading().isEmpty(), garbage);
        assertTrue(pod.error().isPresent(), garbage);
    }

    @Test
    void aPodThatDoesNotAnswerInTimeIsMissing() {
        delayMs = 2000;
        ScrapeResult.PodResult pod = scrapeOne(Duration.ofMillis(200));
        assertTrue(pod.reading().isEmpty());
        assertTrue(pod.error().orElseThrow().contains("Timeout"), pod.error().get());
    }

    @Test
    void aPodThatRefusesTheConnectionIsMissing() {
        server.stop(0);
        ScrapeResult.PodResult pod = scrapeOne(Duration.ofSeconds(2));
        server = null;
        assertTrue(pod.reading().isEmpty());
        assertTrue(pod.error().isPresent());
    }
}
