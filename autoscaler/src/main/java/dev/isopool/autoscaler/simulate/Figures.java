package dev.isopool.autoscaler.simulate;

import dev.isopool.autoscaler.AutoscalerConfig;
import dev.isopool.autoscaler.Behavior;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The autoscaler's figures (docs/benchmarks.md), from the closed loop with the default pod model (2 workers of 100
 * executions/s, 20 s start-up, predictable profile) and the CRD's default autoscaling settings, bounds 1-50.
 */
final class Figures {

    private Figures() {
    }

    static AutoscalerConfig config() {
        return AutoscalerConfig.of(1, 50, 30, 2.0, 0.7, 5, 300);
    }

    static PodModel model(double noise, long seed) {
        return new PodModel(2, 1000, 20, 0.05, 1, 10, noise, seed, 2, List.of());
    }

    static void print(PrintStream out) {
        AutoscalerConfig config = config();
        out.println("Autoscaler figures (closed loop, default pod model: 2 workers x 1000 exec/s, 20 s start-up;"
                + " autoscaling defaults, interval 5 s, bounds 1-50)");
        double panic = spikeSeconds(config);
        AutoscalerConfig noPanic = new AutoscalerConfig(config.minReplicas(), config.maxReplicas(),
                config.eventLoopLagP99TargetMs(), config.workerSlowdownMax(), config.targetUtilization(),
                config.intervalSeconds(), Behavior.hpaDefaults(300), config.tolerance(), Double.POSITIVE_INFINITY,
                config.panicWindowSeconds(), config.slowdownPersistSeconds(), config.alarmHoldSeconds());
        double hpaOnly = spikeSeconds(noPanic);
        out.printf(Locale.ROOT, "10x spike (2000 -> 20000 exec/s at t=300): enough capacity after %.0f s"
                + " (%.0f s without panic mode; start-up alone is 20 s)%n", panic, hpaOnly);
        for (double noise : new double[] {0.1, 0.2}) {
            double changes = 0;
            double over = 0;
            int runs = 5;
            for (long seed = 1; seed <= runs; seed++) {
                List<ClosedLoop.Second> s = steady(config, noise, seed);
                changes += directionChanges(s) / (s.size() / 3600.0);
                over += overProvisioning(s, config, 600);
            }
            out.printf(Locale.ROOT, "steady 7000 exec/s with %.0f%% noise per second, 2 h x %d seeds:"
                    + " %.1f direction changes per hour, %.0f%% average over-provisioning%n",
                    100 * noise, runs, changes / runs, 100 * over / runs);
        }
        List<ClosedLoop.Second> day = run(config, model(0.1, 7), new double[][] {
                {0, 1000}, {3600, 15000}, {5400, 15000}, {9000, 1000}, {10800, 1000}}, 10800);
        out.printf(Locale.ROOT, "slow ramp 1000 -> 15000 -> 1000 exec/s over 3 h (10%% noise): %.0f%% average"
                + " over-provisioning, %d direction changes, %.0f s under capacity%n",
                100 * overProvisioning(day, config, 0), directionChanges(day), underCapacity(day));
    }

    /** Seconds from the spike until the ready pods can carry the load. */
    static double spikeSeconds(AutoscalerConfig config) {
        List<ClosedLoop.Second> s = run(config, model(0, 1), new double[][] {{0, 2000}, {300, 2000}, {301, 20000},
            {900, 20000}}, 900);
        for (ClosedLoop.Second sec : s) {
            if (sec.t() > 301 && sec.capacity() >= sec.meanLoad()) {
                return sec.t() - 301;
            }
        }
        return Double.NaN;
    }

    static List<ClosedLoop.Second> steady(AutoscalerConfig config, double noise, long seed) {
        PodModel m = model(noise, seed);
        PodModel started = new PodModel(m.workersPerPod(), m.rpsPerWorker(), m.startupSeconds(),
                m.slowdownPerBusyWorker(), m.baseLagMs(), m.windowSeconds(), noise, seed, 5, List.of());
        return run(config, started, new double[][] {{0, 7000}, {7800, 7000}}, 7800);
    }

    static List<ClosedLoop.Second> run(AutoscalerConfig config, PodModel model, double[][] points, double end) {
        double[] t = new double[points.length];
        double[] rps = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            t[i] = points[i][0];
            rps[i] = points[i][1];
        }
        return ClosedLoop.run(config, model, new ClosedLoop.Load(t, rps), end, tick -> {
        });
    }

    /** Times the desired count turned from rising to falling or back (after the first 10 minutes of warm-up). */
    static int directionChanges(List<ClosedLoop.Second> seconds) {
        int changes = 0;
        int last = 0;
        int previous = -1;
        for (ClosedLoop.Second s : seconds) {
            if (previous >= 0 && s.desired() != previous) {
                int dir = Integer.signum(s.desired() - previous);
                if (last != 0 && dir != last && s.t() >= 600) {
                    changes++;
                }
                last = dir;
            }
            previous = s.desired();
        }
        return changes;
    }

    /** Mean of ready pods / pods the mean load needs at the target utilization, minus 1, from `from` on. */
    static double overProvisioning(List<ClosedLoop.Second> seconds, AutoscalerConfig config, int from) {
        PodModel m = model(0, 1);
        return seconds.stream().filter(s -> s.t() >= from).mapToDouble(s -> {
            double ideal = Math.max(config.minReplicas(),
                    Math.ceil(s.meanLoad() / m.targetLoadPerPod(config.targetUtilization())));
            return s.ready() / ideal - 1;
        }).average().orElse(0);
    }

    static double underCapacity(List<ClosedLoop.Second> seconds) {
        return seconds.stream().filter(s -> s.capacity() < s.meanLoad()).count();
    }
}
