package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.EngineLoad;
import dev.isopool.runtime.engine.SandboxEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * SmallRye Health checks: live while every worker thread runs; started once the isolates are
 * warm; ready once they are warm and the canary baseline exists, and not while draining.
 */
@ApplicationScoped
public class RuntimeHealth {
    @Inject
    SandboxEngine engine;

    @Liveness
    HealthCheck workers() {
        return () -> HealthCheckResponse.named("isopool-workers")
                .status(engine.isLive())
                .withData("workers", engine.settings().workers())
                .build();
    }

    @Startup
    HealthCheck warm() {
        return () -> HealthCheckResponse.named("isopool-isolates-warm").status(engine.isWarm()).build();
    }

    @Readiness
    HealthCheck ready() {
        return () -> {
            EngineLoad load = engine.load();
            return HealthCheckResponse.named("isopool-ready")
                    .status(engine.isReady())
                    .withData("warm", engine.isWarm())
                    .withData("canaryBaseline", load.canaryBaselineNanos() > 0)
                    .withData("draining", load.draining())
                    .build();
        };
    }
}
