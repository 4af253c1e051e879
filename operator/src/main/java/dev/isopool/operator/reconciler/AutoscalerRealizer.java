package dev.isopool.operator.reconciler;

import dev.isopool.operator.api.AutoTuneStatus;
import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.PoolSignals;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.autoscaler.AutoscalerConfig;
import dev.isopool.autoscaler.AutoscalerPolicy;
import dev.isopool.autoscaler.Decision;
import dev.isopool.autoscaler.Explanation;
import dev.isopool.autoscaler.History;
import dev.isopool.autoscaler.PoolSample;
import dev.isopool.autoscaler.PoolReading;
import dev.isopool.autoscaler.SlowdownPolicy;
import dev.isopool.operator.planning.DesiredReplicas;
import dev.isopool.operator.planning.ResolvedSpec;
import dev.isopool.operator.scrape.ScrapeResult;
import dev.isopool.operator.status.StatusEvents.PoolEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Turns a finished scrape into the autoscaler's decision and realizes it as status: `desiredReplicas` (which the
 * Deployment follows), `signals`, `lastScaleTime`/`lastScaleReason`, the remembered history, the Liftoff verdict and
 * autoTune's switch; plus the events that explain it. The decision itself is {@link AutoscalerPolicy}'s.
 */
final class AutoscalerRealizer {

    static final String SCALED_UP = "ScaledUp";
    static final String SCALED_DOWN = "ScaledDown";
    static final String AUTO_TUNED = "AutoTuned";
    private static final Logger LOG = Logger.getLogger(AutoscalerRealizer.class);

    /** The status to write (before conditions are aggregated) and the events to record with it. */
    record Step(SandboxPoolStatus status, Decision decision, List<PoolEvent> events) {
    }

    /**
     * The step for a finished scrape; empty while no pod of the pool has ever been ready (a new pool has nothing to
     * read yet, which is not the same as pods that stopped answering).
     */
    java.util.Optional<Step> apply(ResolvedSpec spec, SandboxPoolStatus previous, ScrapeResult scrape,
            boolean tierUpOn) {
        SandboxPoolStatus prev = previous == null ? new SandboxPoolStatus() : previous;
        if (prev.getSignals() == null && scrape.pods().stream().noneMatch(ScrapeResult.PodResult::ready)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(decide(spec, prev, scrape, tierUpOn));
    }

    private Step decide(ResolvedSpec spec, SandboxPoolStatus prev, ScrapeResult scrape, boolean tierUpOn) {
        AutoscalerConfig config = spec.autoscaling().config();
        int current = DesiredReplicas.of(spec, prev);
        Instant now = scrape.observedAt().truncatedTo(ChronoUnit.MILLIS);
        PoolSample sample = new PoolSample(current, scrape.pods().stream().map(ScrapeResult.PodResult::sample).toList());
        History history = HistoryCodec.read(prev.getAutoscaler());

        Decision d = AutoscalerPolicy.decide(config, sample, history, now);
        Explanation words = Explanation.of(config, d);
        String reason = words.reason();

        SandboxPoolStatus next = prev.copy();
        List<PoolEvent> events = new ArrayList<>();
        next.setSignals(signals(d.pool(), now));
        next.setDesiredReplicas(d.desiredReplicas());
        if (d.scaled()) {
            next.setLastScaleTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
            next.setLastScaleReason(reason);
            events.add(new PoolEvent(PoolEvent.NORMAL,
                    d.desiredReplicas() > d.currentReplicas() ? SCALED_UP : SCALED_DOWN, reason));
            LOG.infof("Scaling %s", reason);
        } else {
            LOG.debugf("Autoscaler: %s", reason);
        }
        if (d.signalsMissing()) {
            scrape.pods().stream().filter(p -> p.error().isPresent()).findFirst().ifPresent(p ->
                    LOG.warnf("No signals from the pool's pods (e.g. %s: %s); holding %d", p.pod(), p.error().get(),
                            d.currentReplicas()));
        }

        AutoscalerStatus as = HistoryCodec.write(d.history());
        as.setLastDecisionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        as.setLastDecision(reason);
        as.setLimitReason(d.limit().reason());
        as.setLimitMessage(words.limitMessage());
        as.setSignalsMissing(d.signalsMissing() ? Boolean.TRUE : null);

        double slowdown = d.pool().workerSlowdown().orElse(0);
        SlowdownPolicy.Verdict verdict = SlowdownPolicy.assess(config, d.history(), slowdown, now, tierUpOn,
                spec.v8AutoTune(), prev.getAutoTune() != null);
        switch (verdict.action()) {
            case REPORT -> as.setLiftoffSuspected(verdict.message());
            case SWITCH_TO_PREDICTABLE -> {
                AutoTuneStatus tuned = new AutoTuneStatus();
                tuned.setProfile(V8Profile.PREDICTABLE);
                tuned.setAppliedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
                tuned.setReason(verdict.message());
                next.setAutoTune(tuned);
                events.add(new PoolEvent(PoolEvent.NORMAL, AUTO_TUNED, verdict.message()));
                LOG.infof("autoTune: %s", verdict.message());
            }
            case NONE -> {
            }
        }
        next.setAutoscaler(as);
        return new Step(next, d, events);
    }

    private static PoolSignals signals(PoolReading pool, Instant now) {
        PoolSignals s = new PoolSignals();
        s.setEventLoopLagP99Ms(round(pool.eventLoopLagP99Ms(), 10));
        s.setWorkerSlowdown(round(pool.workerSlowdown(), 100));
        s.setCpuContention(round(pool.cpuContention(), 100));
        s.setCodeSlowdown(round(pool.codeSlowdown(), 100));
        s.setUtilization(round(pool.utilization(), 1000));
        s.setSampledPods(pool.sampledPods());
        s.setObservedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    private static Double round(OptionalDouble value, double scale) {
        return value.isPresent() ? Math.round(value.getAsDouble() * scale) / scale : null;
    }
}
