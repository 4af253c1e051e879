package dev.isopool.runtime.api;

import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.engine.EngineEvents;
import dev.isopool.runtime.engine.NodePlatform;
import dev.isopool.runtime.engine.SandboxEngine;
import dev.isopool.runtime.engine.V8Platform;
import dev.isopool.runtime.flags.RuntimeFlags;
import dev.isopool.runtime.flags.V8FlagTable;
import dev.isopool.runtime.signals.PodSignals;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/** Builds the engine at start-up from the environment; bad settings or flags stop start-up. */
@ApplicationScoped
public class EngineProducer {
    private static final Logger LOG = Logger.getLogger(EngineProducer.class);
    private static final int WASM_PAGE_BYTES = 65_536;

    @Produces
    @Singleton
    PodSignals signals() {
        return new PodSignals();
    }

    @Produces
    @Singleton
    @Startup
    SandboxEngine engine(PodSignals signals, ExecutionTimers timers, TenantMetrics tenants) {
        Map<String, String> env = System.getenv();
        RuntimeFlags parsed = RuntimeFlags.fromEnvironment(env, V8FlagTable.bundled());
        RuntimeSettings settings = RuntimeSettings.fromEnvironment(env, parsed.heapMb());
        // Half the buffer budget: a memory that declares no maximum is charged the whole cap, and
        // JavaScript keeps the other half for its own buffers.
        int wasmPageCap = (int) Math.max(1, settings.maxBufferBytes() / 2 / WASM_PAGE_BYTES);
        V8Platform.EffectiveFlags flags;
        SandboxEngine engine;
        if (settings.engine().equals("node")) {
            flags = NodePlatform.start(parsed.heapMb(), parsed.nodeOptionsV8(), parsed.runtimeV8(), parsed.nodeJsOptions(),
                    wasmPageCap, env).flags();
            engine = NodePlatform.engine(settings, flags, EngineEvents.all(signals, timers, tenants));
        } else {
            flags = V8Platform.start(parsed.heapMb(), parsed.allV8(), wasmPageCap);
            engine = V8Platform.engine(settings, flags, EngineEvents.all(signals, timers, tenants));
        }
        // SIGTERM: stop accepting at once, before Quarkus starts waiting for the requests in flight
        // (quarkus.shutdown.timeout); readiness turns DOWN and new executions get 503.
        Runtime.getRuntime().addShutdownHook(new Thread(engine::drain, "isopool-drain"));
        LOG.infof("isopool runtime: engine=%s workers=%d timeoutMs=%d cpuMs=%d queue=%d perTenant=%d heapMb=%d"
                + " bufferMb=%d logBytes=%d", settings.engine(), settings.workers(), settings.timeoutMs(),
                settings.cpuMs(), settings.queueCapacity(), settings.maxQueuedPerTenant(), flags.heapMb(),
                settings.maxBufferBytes() >> 20, settings.maxLogBytes());
        return engine;
    }

    /** The canary baseline is timed once the process has booted (see SandboxEngine.measureBaseline). */
    void booted(@Observes StartupEvent event, SandboxEngine engine) {
        engine.measureBaseline();
    }

    void close(@Disposes SandboxEngine engine) {
        engine.close();
    }
}
