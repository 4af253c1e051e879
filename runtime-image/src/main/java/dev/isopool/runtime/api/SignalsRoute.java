package dev.isopool.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** {@code GET /v1/signals}: the pod's health signals, the operator's autoscaling input. */
@ApplicationScoped
public class SignalsRoute {
    @Inject
    SignalsService signals;
    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        router.get("/v1/signals").handler(ctx -> {
            try {
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(mapper.writeValueAsString(signals.current()));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        });
    }
}
