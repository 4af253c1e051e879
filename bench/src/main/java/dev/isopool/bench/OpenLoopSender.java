package dev.isopool.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends one request body at a fixed rate for a fixed time, open loop: request i is due at
 * {@code start + i / rate} whatever the answers before it, and its latency is counted from when it
 * was due, so a server that falls behind shows its whole delay (no coordinated omission). Counts
 * the answers by kind; the latencies of the 200s go into a histogram.
 */
final class OpenLoopSender {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final HttpClient client;
    private final URI execute;
    private final String body;
    private final double perSecond;

    OpenLoopSender(HttpClient client, URI execute, String body, double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a rate must be above zero, was " + perSecond);
        }
        this.client = client;
        this.execute = execute;
        this.body = body;
        this.perSecond = perSecond;
    }

    /** What one sender saw: requests sent, answers by kind, latency of the 200s in microseconds. */
    record Tally(int sent, int ok, int refusedTenant, int refusedPod, int failed, Histogram okMicros) {
        double p(double percentile) {
            return okMicros.getTotalCount() == 0 ? Double.NaN : okMicros.getValueAtPercentile(percentile) / 1e3;
        }
    }

    /** Sends for {@code seconds}, then waits for every answer (at most {@code drainSeconds} more). */
    Tally run(int seconds, int drainSeconds) throws InterruptedException {
        Histogram okMicros = new Histogram(HIGHEST_MICROS, 3);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refusedTenant = new AtomicInteger();
        AtomicInteger refusedPod = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        HttpRequest request = HttpRequest.newBuilder(execute).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long start = System.nanoTime();
        long total = Math.round(perSecond * seconds);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (t != null) {
                    failed.incrementAndGet();
                } else if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                    synchronized (okMicros) {
                        okMicros.recordValue(Math.min(micros, HIGHEST_MICROS));
                    }
                } else if (r.statusCode() == 429 && r.body().contains("\"saturated\":\"tenant\"")) {
                    refusedTenant.incrementAndGet();
                } else if (r.statusCode() == 429) {
                    refusedPod.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }));
        }
        try {
            CompletableFuture.allOf(answers.stream().map(f -> f.exceptionally(x -> null))
                    .toArray(CompletableFuture[]::new)).get(drainSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Unanswered requests are counted as failed below.
        }
        int answered = ok.get() + refusedTenant.get() + refusedPod.get() + failed.get();
        return new Tally(answers.size(), ok.get(), refusedTenant.get(), refusedPod.get(),
                failed.get() + (answers.size() - answered), okMicros);
    }
}
