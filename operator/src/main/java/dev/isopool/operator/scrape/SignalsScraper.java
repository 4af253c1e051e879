package dev.isopool.operator.scrape;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads `GET /v1/signals` from every ready pod of a pool at once, each with a short timeout. Never fails: a pod that
 * does not answer in time, answers with an error status or with a body that lacks the signals is reported as
 * missing, which the policy never mistakes for idle.
 */
public class SignalsScraper implements SignalsSource {

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public SignalsScraper(Duration timeout, Executor executor, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        this.client = (executor == null ? builder : builder.executor(executor)).build();
    }

    @Override
    public CompletableFuture<ScrapeResult> scrape(List<ScrapeTarget> targets) {
        List<CompletableFuture<ScrapeResult.PodResult>> answers = targets.stream().map(this::ask).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> new ScrapeResult(clock.instant(),
                        answers.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<ScrapeResult.PodResult> ask(ScrapeTarget target) {
        if (!target.ready() || target.url().isEmpty()) {
            return CompletableFuture.completedFuture(ScrapeResult.PodResult.notReady(target.pod()));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url().get()))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> parse(target, response))
                .exceptionally(e -> ScrapeResult.PodResult.missing(target.pod(), describe(e)));
    }

    private static ScrapeResult.PodResult parse(ScrapeTarget target, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return ScrapeResult.PodResult.missing(target.pod(), "HTTP " + response.statusCode());
        }
        try {
            return ScrapeResult.PodResult.answered(target.pod(), SignalsBody.parse(response.body()));
        } catch (IllegalArgumentException e) {
            return ScrapeResult.PodResult.missing(target.pod(), e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
