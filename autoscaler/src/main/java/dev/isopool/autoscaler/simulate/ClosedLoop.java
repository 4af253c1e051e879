package dev.isopool.autoscaler.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isopool.autoscaler.AutoscalerConfig;
import dev.isopool.autoscaler.AutoscalerPolicy;
import dev.isopool.autoscaler.Decision;
import dev.isopool.autoscaler.Explanation;
import dev.isopool.autoscaler.History;
import dev.isopool.autoscaler.PodReading;
import dev.isopool.autoscaler.PodSample;
import dev.isopool.autoscaler.PoolSample;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Closed loop: a load trace drives the {@link PodModel} one second at a time, and the policy decides every
 * `intervalSeconds` from the signals the pods report; its decisions add or remove pods.
 */
final class ClosedLoop {

    /** One simulated second, for figures: the load, what the ready pods can carry, how many there are. */
    record Second(int t, double load, double meanLoad, double capacity, int ready, int desired, double lagMs) {
    }

    private ClosedLoop() {
    }

    /** A load trace: `[{"t": s, "rps": r}, ...]`, linear between points, flat after the last. */
    record Load(double[] t, double[] rps) {
        static Load read(JsonNode points) {
            int n = points.size();
            double[] t = new double[n];
            double[] rps = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = points.get(i).path("t").asDouble();
                rps[i] = points.get(i).path("rps").asDouble();
            }
            return new Load(t, rps);
        }

        double at(double time) {
            if (time <= t[0]) {
                return rps[0];
            }
            for (int i = 1; i < t.length; i++) {
                if (time <= t[i]) {
                    double span = t[i] - t[i - 1];
                    return span <= 0 ? rps[i] : rps[i - 1] + (rps[i] - rps[i - 1]) * (time - t[i - 1]) / span;
                }
            }
            return rps[rps.length - 1];
        }

        double end() {
            return t[t.length - 1];
        }
    }

    static List<Second> run(AutoscalerConfig config, PodModel model, Load load, double duration,
            Consumer<Tick> out) {
        Random random = new Random(model.seed());
        List<Double> readyAt = new ArrayList<>();
        for (int i = 0; i < model.initialReplicas(); i++) {
            readyAt.add(0.0);
        }
        Deque<double[]> window = new ArrayDeque<>(); // per second: utilization, slowdown, lag, served, refused
        History history = History.EMPTY;
        double backlog = 0;
        double slowdown = 1;
        int desired = readyAt.size();
        int lastReady = -1;
        List<Second> seconds = new ArrayList<>();
        for (int t = 0; t <= (int) duration; t++) {
            final int now = t;
            int ready = (int) readyAt.stream().filter(r -> r <= now).count();
            double mean = load.at(t);
            double rps = Math.max(0, mean * (1 + model.noise() * random.nextGaussian()));
            double util;
            double lag;
            double capacity = 0;
            double served = 0;
            double refused = 0;
            if (ready == 0) {
                backlog = 0; // nothing serves: every request is refused
                util = 0;
                lag = 0;
            } else {
                double perPod = rps / ready;
                double s = slowdown;
                double mu = 0;
                double rho = 0;
                for (int i = 0; i < 8; i++) { // slowdown depends on how busy the workers are, and back
                    mu = model.workersPerPod() * model.rpsPerWorker() / s;
                    rho = Math.min(1, (perPod + backlog / ready) / mu);
                    s = (1 + model.slowdownPerBusyWorker() * Math.max(0, model.workersPerPod() * rho - 1))
                            * model.injected(t);
                }
                slowdown = s;
                capacity = mu * ready;
                double queue = (double) model.queuePerWorker() * model.workersPerPod() * ready;
                double waiting = backlog + rps;
                served = Math.min(waiting, capacity);
                backlog = Math.min(queue, waiting - served);
                refused = waiting - served - backlog; // beyond the runtime's queue: 429
                util = Math.min(1, rho);
                double perPodServed = Math.min(perPod, mu);
                double r = perPodServed / mu;
                double queueing = r < 0.01 || r >= 1 ? 0
                        : 1000 * Math.max(0, Math.log(100 * r)) / (mu - perPodServed);
                lag = model.baseLagMs() + (backlog > 0 ? 1000 * backlog / capacity : queueing);
            }
            if (ready != lastReady) {
                window.clear(); // the Service re-spreads the load; a new pod's window starts empty
                lastReady = ready;
            }
            window.addLast(new double[] {util, slowdown, lag, ready == 0 ? 0 : served / ready,
                ready == 0 ? 0 : refused / ready});
            while (window.size() > model.windowSeconds()) {
                window.removeFirst();
            }
            seconds.add(new Second(t, rps, mean, capacity, ready, desired, lag));

            if (t % config.intervalSeconds() == 0) {
                List<PodSample> pods = new ArrayList<>();
                double wUtil = window.stream().mapToDouble(w -> w[0]).average().orElse(0);
                double wSlow = window.stream().mapToDouble(w -> w[1]).average().orElse(1);
                double wLag = window.stream().mapToDouble(w -> w[2]).max().orElse(0);
                long wServed = Math.round(window.stream().mapToDouble(w -> w[3]).sum());
                long wRefused = Math.round(window.stream().mapToDouble(w -> w[4]).sum());
                PodReading reading = new PodReading(wLag, wSlow, wUtil, wServed, wRefused);
                for (Double r : readyAt) {
                    pods.add(r <= t ? PodSample.of(reading) : PodSample.notReady());
                }
                Decision d = AutoscalerPolicy.decide(config, new PoolSample(readyAt.size(), pods), history,
                        Instant.EPOCH.plusSeconds(t));
                history = d.history();
                desired = d.desiredReplicas();
                while (readyAt.size() < desired) {
                    readyAt.add((double) t + model.startupSeconds());
                }
                while (readyAt.size() > desired) {
                    readyAt.remove(readyAt.size() - 1); // the newest (not yet ready first) go first
                }
                out.accept(new Tick(t, ready, desired, Explanation.of(config, d).reason()));
            }
        }
        return seconds;
    }
}
