package dev.isopool.runtime.api;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Says at start-up which transport the HTTP server runs on. Netty's native epoll transport
 * ({@code quarkus.vertx.prefer-native-transport}) took 18-24 us less CPU per isolated execution
 * than NIO, on the event loop and in the worker's hand-off alike (docs/benchmarks.md); where it
 * cannot load, Vert.x falls back to NIO without a word, so the reason is logged here.
 */
@ApplicationScoped
public class HttpTransport {
    private static final Logger LOG = Logger.getLogger(HttpTransport.class);

    void started(@Observes StartupEvent event, Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("HTTP transport: epoll (native)");
        } else {
            Throwable why = vertx.unavailableNativeTransportCause();
            LOG.warnf("HTTP transport: NIO, Netty's epoll transport is unavailable: %s",
                    why == null ? "not requested (quarkus.vertx.prefer-native-transport=false)" : why.toString());
        }
    }
}
