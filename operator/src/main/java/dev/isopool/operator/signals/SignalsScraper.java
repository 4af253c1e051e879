package dev.isopool.operator.signals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads `GET /v1/signals` from every ready pod of a pool at once, each with a short timeout. Never fails: a pod that
 * does not answer in time, answers with an error status or with a body that lacks the signals is reported as
 * missing, which the policy never mistakes for idle.
 */
public class SignalsScraper {

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public SignalsScraper(Duration timeout, Executor executor, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        this.client = (executor == null ? builder : builder.executor(executor)).build();
    }

    public CompletableFuture<ScrapeResult> scrape(List<ScrapeTarget> targets) {
        List<CompletableFuture<ScrapeResult.PodResult>> answers = targets.stream().map(this::ask).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> new ScrapeResult(clock.instant(),
                        answers.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<ScrapeResult.PodResult> ask(ScrapeTarget target) {
        if (!target.ready() || target.url().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new ScrapeResult.PodResult(target.pod(), false, Optional.empty(), Optional.empty()));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url().get()))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> parse(target, response))
                .exceptionally(e -> missing(target, describe(e)));
    }

    private ScrapeResult.PodResult parse(ScrapeTarget target, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return missing(target, "HTTP " + response.statusCode());
        }
        try {
            RuntimeSignals signals = mapper.readValue(response.body(), RuntimeSignals.class);
            return signals.usable()
                    ? new ScrapeResult.PodResult(target.pod(), true, Optional.of(signals), Optional.empty())
                    : missing(target, "the body lacks eventLoopLagP99Ms, workerSlowdown or utilization");
        } catch (Exception e) {
            return missing(target, "unreadable body: " + e.getMessage());
        }
    }

    private static ScrapeResult.PodResult missing(ScrapeTarget target, String why) {
        return new ScrapeResult.PodResult(target.pod(), true, Optional.empty(), Optional.of(why));
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
