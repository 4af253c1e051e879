package dev.isopool.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fairness between tenants (issue 12, DESIGN.md "Fairness between tenants"): on one runtime,
 * tenant A sends ten times what the pod sustains and tenant B a tenth of it, open loop; B's
 * latency is set beside B alone on the same pod, with both tenants' 429s. The pod's sustained rate
 * is measured first (closed loop, two requests per worker in flight). Every request runs the same
 * CPU-bound script of {@code --exec-ms}. A last phase sends the same two streams without a tenant,
 * so that they share one queue, as every request did before the fair queue: what fairness buys.
 * Prints figures and the goals (B's p99 within 2x of B alone; B never refused); asserts nothing.
 *
 * <p>Run: {@code ./isopool bench fairness [options]} ({@code --help} lists them).
 */
public final class FairnessBench {
    static final String USAGE = """
            usage: ./isopool bench fairness [options]

              --workers N       runtime workers (ISOPOOL_WORKERS; default 1: the other core is the load generator's)
              --exec-ms N       CPU-bound milliseconds of every request (default 20)
              --seconds N       seconds of each measured phase (default 30)
              --overload X      A's rate over the pod's sustained rate (default 10)
              --light X         B's rate over the pod's sustained rate (default 0.1)
              --jar PATH        the runtime (default runtime-image/target/quarkus-app/quarkus-run.jar)
              --help            this text
            """;
    private static final int CALIBRATION_WARMUP_SECONDS = 3;
    private static final int CALIBRATION_SECONDS = 5;
    private static final int DRAIN_SECONDS = 60;
    /** Between phases: the flood's queue empties, and the window still remembers A (that is the point). */
    private static final int PAUSE_SECONDS = 2;

    /** {@code root}: the checkout, where the runtime's log goes (bench/target/fairness-TIME/). */
    record Options(int workers, int execMs, int seconds, double overload, double light, Path jar, Path root) {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(USAGE);
                return;
            }
            options = parse(args, Path.of(System.getProperty("isopool.root", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println("bench fairness: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            System.out.print(new FairnessBench().run(options));
        } catch (IllegalStateException e) {
            System.err.println("bench fairness: " + e.getMessage());
            System.exit(1);
        }
    }

    static Options parse(String[] args, Path root) {
        int workers = 1;
        int execMs = 20;
        int seconds = 30;
        double overload = 10;
        double light = 0.1;
        Path jar = root.resolve("runtime-image/target/quarkus-app/quarkus-run.jar");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unknown argument '" + arg + "'");
            }
            String value = args[++i];
            switch (arg) {
                case "--workers" -> workers = whole(arg, value, 64);
                case "--exec-ms" -> execMs = whole(arg, value, 10_000);
                case "--seconds" -> seconds = whole(arg, value, 3_600);
                case "--overload" -> overload = ratio(arg, value);
                case "--light" -> light = ratio(arg, value);
                case "--jar" -> jar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new Options(workers, execMs, seconds, overload, light, jar, root);
    }

    private static int whole(String name, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    private static double ratio(String name, String value) {
        try {
            double x = Double.parseDouble(value);
            if (x > 0 && x <= 1000) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number above 0 and at most 1000, not '" + value + "'");
    }

    /** The request of {@code tenant} (null: none): a loop that keeps the worker's CPU busy for {@code ms}. */
    static String body(String tenant, int ms) {
        return "{" + (tenant == null ? "" : "\"tenant\":\"" + tenant + "\",") + "\"code\":\"const end = Date.now() + "
                + ms + "; let x = 0; while (Date.now() < end) x++; x > 0\"}";
    }

    String run(Options o) throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        String started = loadAverage();
        Path log = o.root().resolve("bench").resolve("target").resolve("fairness-" + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).resolve("runtime.log");
        HttpClient client = client();
        try (RuntimeChild runtime = RuntimeChild.start(o.jar(), Map.of("ISOPOOL_WORKERS", Integer.toString(o.workers())),
                log, client)) {
            System.err.printf("bench fairness: runtime ready (%d workers); measuring its sustained rate...%n", o.workers());
            String calibration = body("calibration", o.execMs());
            closedLoop(client, runtime, calibration, 2 * o.workers(), CALIBRATION_WARMUP_SECONDS);
            double sustained = closedLoop(client, runtime, calibration, 2 * o.workers(), CALIBRATION_SECONDS);
            if (sustained <= 0) {
                throw new IllegalStateException("the runtime answered no request while calibrating; see " + log);
            }
            double aRate = sustained * o.overload();
            double bRate = sustained * o.light();
            System.err.printf("bench fairness: sustained %.1f/s; B alone at %.1f/s for %d s...%n", sustained, bRate,
                    o.seconds());
            // Each tenant is a caller of its own, with its own connections (kept alive), as two services
            // would be: A's churn of connections must not be what B waits for.
            String b = body("tenant-b", o.execMs());
            HttpClient bClient = client();
            closedLoop(bClient, runtime, b, 1, 1); // B's connection, and B's first charge
            QueueWaits beforeAlone = QueueWaits.of(runtime.metrics(client));
            OpenLoopSender.Tally alone = new OpenLoopSender(bClient, runtime.execute(), b, bRate).run(o.seconds(),
                    DRAIN_SECONDS);
            QueueWaits afterAlone = QueueWaits.of(runtime.metrics(client));
            Thread.sleep(PAUSE_SECONDS * 1000L);
            System.err.printf("bench fairness: A at %.1f/s beside B at %.1f/s for %d s...%n", aRate, bRate, o.seconds());
            OpenLoopSender.Tally[] fair = together(runtime, o, client(), body("tenant-a", o.execMs()), aRate, bClient, b,
                    bRate);
            String signals = runtime.signals(client);
            QueueWaits afterFlood = QueueWaits.of(runtime.metrics(client));
            String server = String.format(Locale.ROOT, "Queue wait on the server (isopool_tenant_queue_wait_seconds,"
                    + " mean over the phase): B alone %.1f ms; beside the flood B %.1f ms, A %.1f ms%n",
                    afterAlone.meanMsSince(beforeAlone, "tenant-b"), afterFlood.meanMsSince(afterAlone, "tenant-b"),
                    afterFlood.meanMsSince(afterAlone, "tenant-a"));
            Thread.sleep(PAUSE_SECONDS * 1000L);
            System.err.printf("bench fairness: the same without tenants (one queue) for %d s...%n", o.seconds());
            String anonymous = body(null, o.execMs());
            OpenLoopSender.Tally[] shared = together(runtime, o, client(), anonymous, aRate, bClient, anonymous, bRate);
            return report(o, sustained, aRate, bRate, alone, fair[0], fair[1], shared[0], shared[1], signals, started,
                    loadAverage(), log) + server;
        }
    }

    /** A's and B's streams at once; their tallies, A's first. */
    private static OpenLoopSender.Tally[] together(RuntimeChild runtime, Options o, HttpClient aClient, String a,
            double aRate, HttpClient bClient, String b, double bRate)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Future<OpenLoopSender.Tally> flood = senders.submit(() -> new OpenLoopSender(aClient, runtime.execute(), a,
                    aRate).run(o.seconds(), DRAIN_SECONDS));
            Future<OpenLoopSender.Tally> beside = senders.submit(() -> new OpenLoopSender(bClient, runtime.execute(), b,
                    bRate).run(o.seconds(), DRAIN_SECONDS));
            return new OpenLoopSender.Tally[] {flood.get(), beside.get()};
        } finally {
            senders.shutdown();
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Requests per second answered 200 with {@code concurrency} in flight for {@code seconds}. */
    private static double closedLoop(HttpClient client, RuntimeChild runtime, String body, int concurrency, int seconds)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(runtime.execute()).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicLong ok = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return ok.get() / (double) seconds;
    }

    static String report(Options o, double sustained, double aRate, double bRate, OpenLoopSender.Tally alone,
            OpenLoopSender.Tally a, OpenLoopSender.Tally b, OpenLoopSender.Tally sharedA, OpenLoopSender.Tally sharedB,
            String signals, String loadBefore, String loadAfter, Path log) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "Fairness: %d worker%s, every request %d ms of CPU-bound script; the pod sustains"
                + " %.1f requests/s (measured); A sends %.1f/s (%.3gx), B %.2f/s (%.3gx); %d s per phase, open loop,"
                + " latency from when each request was due%n%n", o.workers(), o.workers() == 1 ? "" : "s", o.execMs(),
                sustained, aRate, o.overload(), bRate, o.light(), o.seconds()));
        r.append("| phase | tenant | sent | 200 | 429 tenant | 429 pod | failed | p50 ms | p90 ms | p99 ms | max ms |\n");
        r.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(r, "B alone", "B", alone);
        row(r, "A floods", "A", a);
        row(r, "A floods", "B", b);
        row(r, "one queue (no tenants)", "A", sharedA);
        row(r, "one queue (no tenants)", "B", sharedB);
        double ratio = b.p(99) / alone.p(99);
        int bRefused = b.refusedTenant() + b.refusedPod() + alone.refusedTenant() + alone.refusedPod();
        r.append(String.format(Locale.ROOT, "%nB's p99 beside the flood / alone: %.2fx (goal: at most 2x) %s%n", ratio,
                ratio <= 2 ? "MET" : "MISSED"));
        r.append(String.format(Locale.ROOT, "B refused: %d (goal: 0) %s; A refused: %d (%d as its own share, %d by a full pod)%n",
                bRefused, bRefused == 0 ? "MET" : "MISSED", a.refusedTenant() + a.refusedPod(), a.refusedTenant(),
                a.refusedPod()));
        r.append(String.format(Locale.ROOT, "Without tenants (one queue, as before the fair queue): B's p99 %.1f ms"
                + " (%.2fx alone), B refused %d%n", sharedB.p(99), sharedB.p(99) / alone.p(99),
                sharedB.refusedTenant() + sharedB.refusedPod()));
        r.append("Pod signals right after the flood (tenants A and B): ").append(pick(signals, "eventLoopLagP99Ms")).append(", ")
                .append(pick(signals, "utilization")).append(", ").append(pick(signals, "rejected")).append(", ")
                .append(pick(signals, "queueDepth")).append('\n');
        r.append(String.format(Locale.ROOT, "Machine: %d cores; load average (1, 5, 15 min) %s before, %s after;"
                + " runtime log %s%n", Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, log));
        return r.toString();
    }

    private static void row(StringBuilder r, String phase, String tenant, OpenLoopSender.Tally t) {
        r.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", phase,
                tenant, t.sent(), t.ok(), t.refusedTenant(), t.refusedPod(), t.failed(), t.p(50), t.p(90), t.p(99),
                t.p(100)));
    }

    private static String pick(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([^,}]+)").matcher(json);
        return field + " " + (m.find() ? m.group(1) : "?");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
