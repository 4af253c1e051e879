package dev.isopool.e2e.controlplane;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control-plane binary as a child process: output to its log, its pid in `pids/NAME.pid` (so that a run
 * killed with SIGKILL has its leftovers stopped by the next one), healthy once its health URL answers 200.
 */
final class Component implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Component.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Path pidFile;
    private Process process;

    Component(String name, List<String> command, Path stateDir) {
        this.name = name;
        this.command = command;
        this.log = stateDir.resolve("logs").resolve(name + ".log");
        this.pidFile = stateDir.resolve("pids").resolve(name + ".pid");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidFile.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile()))
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        LOG.info("{} started (pid {}, log {})", name, process.pid(), log);
    }

    /** Polls url until it answers 200; fails early, with the log's tail, when the process exits. */
    void awaitHealthy(HttpClient http, URI url, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " before it was healthy; "
                        + "its log (" + log + ") ends with:\n" + tail(20));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    LOG.info("{} healthy ({})", name, url);
                    return;
                }
                last = r.statusCode() + " " + r.body().lines().filter(l -> l.contains("failed")).findFirst()
                        .orElse("");
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
            sleep(200);
        }
        throw new IOException(name + " was not healthy within " + timeout.toSeconds() + " s (" + url + ": " + last
                + "); see " + log);
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 10 s; waits for the exit so nothing is left running. */
    @Override
    public void close() {
        if (process != null) {
            stop(process.toHandle(), name);
            process = null;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.debug("{}: {}", pidFile, e.getMessage());
        }
    }

    /**
     * Stops what a previous run left behind: a pid file whose process still runs a command of this state
     * directory (a pid reused by an unrelated process is left alone).
     */
    static void stopLeftovers(Path stateDir) throws IOException {
        Path pids = stateDir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (var files = Files.list(pids)) {
            for (Path f : files.toList()) {
                Optional<ProcessHandle> handle = readPid(f).flatMap(ProcessHandle::of);
                handle.filter(h -> h.info().arguments().map(a -> String.join(" ", a)
                        .contains(stateDir.toString())).orElse(false))
                        .ifPresent(h -> {
                            LOG.warn("stopping {} (pid {}) left running by a previous run", f.getFileName(), h.pid());
                            stop(h, f.getFileName().toString());
                        });
                Files.deleteIfExists(f);
            }
        }
    }

    private static Optional<Long> readPid(Path f) {
        try {
            return Optional.of(Long.parseLong(Files.readString(f).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle h, String what) {
        h.destroy();
        try {
            h.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{} still running after {} s, killing it", what, STOP_GRACE.toSeconds());
            h.destroyForcibly();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception again) {
                LOG.error("{} (pid {}) did not exit after SIGKILL", what, h.pid());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
