package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod on the node agent: runs its (first) container through a driver, probes it as the kubelet does
 * (startup, then readiness and liveness), restarts it with exponential back-off when it exits or fails its
 * liveness probe (restartPolicy Always), and on termination sends SIGTERM, waits the grace period, then
 * SIGKILL. Everything it observes becomes the Pod's status.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final RestartBackoff BACKOFF = RestartBackoff.KUBELET;
    private static final int LOG_TAIL_LINES = 20;

    enum Phase { PENDING, RUNNING, TERMINATING, GONE }

    /** Called on every observable change; and once more when the pod is gone. */
    interface Listener {
        void changed(PodWorker worker);
    }

    final String namespace;
    final String name;
    /** The Pod object's uid: a new Pod of the same name is another pod. */
    final String uid;
    final String ip;
    final Instant created = Instant.now();
    private final PodSpec spec;
    private final Container container;
    private final int port;
    private final Path podDir;
    private final Path log;
    private final Path previousLog;
    private final ContainerDriver driver;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final Listener listener;

    private Phase phase = Phase.PENDING;
    private Process process;
    private ContainerState state;
    private ContainerState lastState;
    private int restarts;
    /** Crashes since the container last ran long enough to reset the back-off; it doubles with each. */
    private int crashes;
    private boolean started;
    private boolean ready;
    private int startupFailures;
    private int readinessFailures;
    private int livenessFailures;
    private Instant runningSince;
    private Instant readySince;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    PodWorker(String namespace, String name, String uid, String ip, PodSpec spec,
            Path podDir, ContainerDriver driver, ScheduledExecutorService scheduler, HttpClient http,
            Listener listener) {
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
        this.ip = ip;
        this.spec = spec;
        this.container = spec.getContainers().get(0);
        this.port = container.getPorts() == null || container.getPorts().isEmpty() ? 8080
                : container.getPorts().get(0).getContainerPort();
        this.podDir = podDir;
        this.log = podDir.resolve("container.log");
        this.previousLog = podDir.resolve("container.previous.log");
        this.driver = driver;
        this.scheduler = scheduler;
        this.http = http;
        this.listener = listener;
        this.state = waiting("ContainerCreating", null);
    }

    // ---- what the kubelet and the API see ----

    synchronized Phase phase() {
        return phase;
    }

    synchronized boolean ready() {
        return ready && phase == Phase.RUNNING;
    }

    synchronized boolean terminating() {
        return phase == Phase.TERMINATING || phase == Phase.GONE;
    }

    synchronized Long pid() {
        return process != null && process.isAlive() ? process.pid() : null;
    }

    Path log(boolean previous) {
        return previous ? previousLog : log;
    }

    Path podDir() {
        return podDir;
    }

    int terminationGraceSeconds() {
        Long grace = spec.getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace.intValue();
    }

    synchronized PodStatus status() {
        return snapshot().toStatus();
    }

    synchronized PodSnapshot snapshot() {
        return new PodSnapshot(phase, ready, started, restarts, state, lastState, created, readySince, runningSince,
                ip, container.getName(), driver.image(container), driver.scheme() + "://" + container.getImage(),
                process == null ? null : driver.scheme() + "://" + process.pid());
    }

    // ---- lifecycle ----

    synchronized void start() {
        schedule(this::launch, Duration.ZERO);
    }

    /** Kills the container as a crash would (SIGKILL); the pod restarts it. For tests of recovery. */
    synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** SIGTERM now, SIGKILL after the grace period; the pod is GONE once the process has exited. */
    synchronized void terminate(long graceSeconds) {
        if (phase == Phase.TERMINATING || phase == Phase.GONE) {
            return;
        }
        phase = Phase.TERMINATING;
        ready = false;
        cancelTimers();
        if (process == null || !process.isAlive()) {
            gone();
            return;
        }
        LOG.info("{}/{}: stopping the container (SIGTERM, {} s grace)", namespace, name, graceSeconds);
        Process p = process;
        p.destroy();
        scheduler.schedule(() -> {
            if (p.isAlive()) {
                LOG.warn("{}/{}: still running after {} s, killing it", namespace, name, graceSeconds);
                p.destroyForcibly();
            }
        }, graceSeconds, TimeUnit.SECONDS);
        notifyListener();
    }

    private synchronized void launch() {
        if (phase == Phase.TERMINATING || phase == Phase.GONE) {
            return;
        }
        String problem = LoopbackAddresses.bindProblem(ip, port);
        if (problem != null) {
            crashed(null, "AddressInUse", problem);
            return;
        }
        try {
            if (Files.exists(log)) {
                Files.move(log, previousLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(podDir);
            process = driver.start(new ContainerDriver.Launch(namespace, name, container, ip, port, environment(),
                    podDir, log));
        } catch (IOException e) {
            crashed(null, "StartError", e.getMessage());
            return;
        }
        Process p = process;
        phase = Phase.RUNNING;
        runningSince = Instant.now();
        started = false;
        ready = false;
        readySince = null;
        startupFailures = 0;
        readinessFailures = 0;
        livenessFailures = 0;
        state = new ContainerStateBuilder().withNewRunning().withStartedAt(timestamp(runningSince)).endRunning()
                .build();
        LOG.info("{}/{}: container {} started on {}:{} (pid {})", namespace, name, container.getName(), ip, port,
                p.pid());
        p.onExit().thenAccept(this::exited);
        Probe startup = container.getStartupProbe();
        if (startup != null) {
            every(startup, this::startupProbe);
        } else {
            started = true;
            probesAfterStart();
        }
        notifyListener();
    }

    private void probesAfterStart() {
        if (container.getReadinessProbe() != null) {
            every(container.getReadinessProbe(), this::readinessProbe);
        } else {
            ready = true;
            readySince = Instant.now();
        }
        if (container.getLivenessProbe() != null) {
            every(container.getLivenessProbe(), this::livenessProbe);
        }
    }

    private void startupProbe(Probe probe) {
        boolean ok = probe(probe);
        synchronized (this) {
            if (phase != Phase.RUNNING || started) {
                return;
            }
            if (ok) {
                started = true;
                cancelTimers();
                probesAfterStart();
                readinessProbeNow();
                notifyListener();
            } else if (++startupFailures >= threshold(probe.getFailureThreshold(), 3)) {
                LOG.warn("{}/{}: startup probe failed {} times, restarting the container", namespace, name,
                        startupFailures);
                restartUnhealthy();
            }
        }
    }

    private void readinessProbeNow() {
        Probe readiness = container.getReadinessProbe();
        if (readiness != null) {
            scheduler.execute(() -> readinessProbe(readiness));
        }
    }

    private void readinessProbe(Probe probe) {
        boolean ok = probe(probe);
        synchronized (this) {
            if (phase != Phase.RUNNING || !started) {
                return;
            }
            boolean before = ready;
            if (ok) {
                readinessFailures = 0;
                ready = true;
            } else if (++readinessFailures >= threshold(probe.getFailureThreshold(), 3) || !ready) {
                ready = false;
            }
            if (before != ready) {
                readySince = Instant.now();
                LOG.info("{}/{}: {}", namespace, name, ready ? "ready" : "not ready");
                notifyListener();
            }
        }
    }

    private void livenessProbe(Probe probe) {
        boolean ok = probe(probe);
        synchronized (this) {
            if (phase != Phase.RUNNING || !started) {
                return;
            }
            if (ok) {
                livenessFailures = 0;
            } else if (++livenessFailures >= threshold(probe.getFailureThreshold(), 3)) {
                LOG.warn("{}/{}: liveness probe failed {} times, restarting the container", namespace, name,
                        livenessFailures);
                restartUnhealthy();
            }
        }
    }

    /** As the kubelet does for a failed liveness or startup probe: stop the container; exited() restarts it. */
    private void restartUnhealthy() {
        cancelTimers();
        ready = false;
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            long grace = terminationGraceSeconds();
            scheduler.schedule(() -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }, grace, TimeUnit.SECONDS);
        }
    }

    private void exited(Process p) {
        synchronized (this) {
            if (p != process) {
                return;
            }
            int code = p.exitValue();
            if (phase == Phase.TERMINATING) {
                LOG.info("{}/{}: container exited ({}) after SIGTERM", namespace, name, code);
                state = terminated(code, code == 0 || code == 143 ? "Completed" : "Error", null);
                gone();
                return;
            }
            String tail = tail();
            LOG.warn("{}/{}: container exited with code {}: {}", namespace, name, code, CrashCause.of(tail));
            crashed(code, code == 137 ? "OOMKilled/Killed" : "Error", tail);
        }
    }

    /** The container did not start or exited: count a restart and come back after the back-off. */
    private void crashed(Integer exitCode, String reason, String message) {
        cancelTimers();
        Instant now = Instant.now();
        if (runningSince != null && BACKOFF.resets(Duration.between(runningSince, now))) {
            crashes = 0;
        }
        ContainerState last = terminated(exitCode == null ? 128 : exitCode, reason, message);
        lastState = last;
        state = last;
        restarts++;
        crashes++;
        started = false;
        ready = false;
        phase = Phase.PENDING;
        Duration backoff = BACKOFF.delay(crashes);
        state = waiting("CrashLoopBackOff", "back-off " + backoff.toSeconds() + "s restarting failed container="
                + container.getName() + " pod=" + name + "_" + namespace);
        schedule(this::launch, backoff);
        notifyListener();
    }

    private void gone() {
        phase = Phase.GONE;
        ready = false;
        cancelTimers();
        notifyListener();
    }

    // ---- helpers ----

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value = var.getValue();
                if (value == null && var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                    value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                        case "metadata.name" -> name;
                        case "metadata.namespace" -> namespace;
                        case "status.podIP", "status.hostIP" -> ip;
                        default -> null;
                    };
                }
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        env.put("HOSTNAME", name);
        env.put("QUARKUS_HTTP_HOST", ip);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return env;
    }

    private boolean probe(Probe probe) {
        if (probe.getHttpGet() == null) {
            // exec and tcp probes: the process being alive is all we check
            return process != null && process.isAlive();
        }
        int probePort = resolvePort(probe.getHttpGet().getPort());
        String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
        int timeout = threshold(probe.getTimeoutSeconds(), 1);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + ip + ":" + probePort + path)).timeout(Duration.ofSeconds(timeout))
                    .header("User-Agent", "kube-probe/1.30").GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 400;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int resolvePort(IntOrString p) {
        if (p == null) {
            return port;
        }
        if (p.getIntVal() != null) {
            return p.getIntVal();
        }
        for (ContainerPort cp : container.getPorts()) {
            if (p.getStrVal().equals(cp.getName())) {
                return cp.getContainerPort();
            }
        }
        return port;
    }

    private interface ProbeAction {
        void run(Probe probe);
    }

    private void every(Probe probe, ProbeAction action) {
        long initial = threshold(probe.getInitialDelaySeconds(), 0) * 1000L;
        long period = threshold(probe.getPeriodSeconds(), 10) * 1000L;
        // the kubelet probes a fresh container within a second of its start, then every period
        timers.add(scheduler.scheduleWithFixedDelay(() -> safely(() -> action.run(probe)),
                Math.max(initial, 1000), period, TimeUnit.MILLISECONDS));
    }

    private void schedule(Runnable task, Duration delay) {
        timers.add(scheduler.schedule(() -> safely(task), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{}/{}: {}", namespace, name, e.toString(), e);
        }
    }

    private void cancelTimers() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    private void notifyListener() {
        scheduler.execute(() -> safely(() -> listener.changed(this)));
    }

    private String tail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private ContainerState terminated(int exitCode, String reason, String message) {
        Instant now = Instant.now();
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message == null || message.isEmpty() ? null : message)
                .withStartedAt(runningSince == null ? null : timestamp(runningSince))
                .withFinishedAt(timestamp(now))
                .endTerminated().build();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private static int threshold(Integer value, int otherwise) {
        return value == null || value <= 0 ? otherwise : value;
    }

    static String timestamp(Instant instant) {
        return PodSnapshot.timestamp(instant);
    }
}
