package dev.isopool.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.engine.ExecutionResult;
import dev.isopool.runtime.engine.SaturatedException;
import dev.isopool.runtime.engine.SandboxEngine;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code POST /v1/execute} as a plain Vert.x route: the request path is the hot path of every
 * isolated execution, and a JAX-RS resource added a few hundred microseconds to each. Any
 * content type is accepted, since {@code curl -d} sends a form type. Bodies over
 * {@code ISOPOOL_MAX_REQUEST_BYTES} are refused with 413 by the HTTP server before they are read.
 */
@ApplicationScoped
public class ExecuteRoute {
    /** Bodies up to this size are checked on the event loop; larger ones on a worker thread. */
    private static final int INLINE_PARSE_BYTES = 16 * 1024;
    private static final String JSON = "application/json";

    @Inject
    SandboxEngine engine;
    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        // Quarkus leaves the body unread for plain routes; the handler reads it under the same cap
        // as the server (ISOPOOL_MAX_REQUEST_BYTES), answering 413 above it, chunked bodies included.
        long limit = ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue();
        router.post("/v1/execute")
                .handler(new BodyAsJson())
                .handler(BodyHandler.create(false).setBodyLimit(limit))
                .handler(this::execute)
                .failureHandler(ctx -> {
                    // The body handler marks what it refuses with 413 or 400; anything else is the runtime's fault.
                    int status = ctx.statusCode() == 413 || ctx.statusCode() == 400 ? ctx.statusCode() : 500;
                    String why = switch (status) {
                        case 413 -> "the body is larger than " + limit + " bytes (ISOPOOL_MAX_REQUEST_BYTES)";
                        case 400 -> "the request could not be read";
                        default -> "the runtime failed to handle this request: " + ctx.failure();
                    };
                    respond(ctx, Vertx.currentContext(), status, errorBody(why));
                });
    }

    /**
     * The body is JSON whatever its declared type. A form type ({@code curl -d} sends one) would
     * make the body handler decode the body as form attributes, and refuse any over Quarkus'
     * 2 KiB attribute cap with 400; a JSON type makes it gather the bytes as they are. A platform
     * handler, since Vert.x runs those before the body handler.
     */
    private static final class BodyAsJson implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, JSON);
            ctx.next();
        }
    }

    private void execute(RoutingContext ctx) {
        Context context = Vertx.currentContext(); // the request's event loop
        if (!engine.isReady()) {
            String why = engine.load().draining() ? "the runtime is shutting down"
                    : "the runtime is starting; its isolates are not warm yet";
            respond(ctx, context, 503, errorBody(why));
            return;
        }
        Buffer body = ctx.body().buffer();
        if (body == null) {
            body = Buffer.buffer();
        }
        if (body.length() > INLINE_PARSE_BYTES) {
            Buffer large = body;
            Infrastructure.getDefaultWorkerPool().execute(() -> accept(ctx, context, large));
        } else {
            accept(ctx, context, body);
        }
    }

    private void accept(RoutingContext ctx, Context context, Buffer body) {
        try {
            var request = new RequestParser(mapper, engine.settings()).parse(body.getBytes());
            engine.submit(request).whenComplete((result, failure) -> {
                if (failure == null) {
                    respond(ctx, context, result.httpStatus(), result.toJson());
                } else {
                    respond(ctx, context, 503, errorBody(failure.getMessage()));
                }
            });
        } catch (BadRequestException e) {
            respond(ctx, context, 400, errorBody(e.getMessage()));
        } catch (SaturatedException e) {
            ctx.response().putHeader("Retry-After", "1");
            respond(ctx, context, 429, saturatedBody(e));
        } catch (IllegalStateException e) {
            respond(ctx, context, 503, errorBody(e.getMessage()));
        }
    }

    /** Writes the answer on the request's own event loop, whichever thread finished the work. */
    private static void respond(RoutingContext ctx, Context context, int status, String json) {
        Runnable write = () -> ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json);
        if (Vertx.currentContext() == context) {
            write.run();
        } else {
            context.runOnContext(v -> write.run());
        }
    }

    /**
     * The 429 body: {@code saturated} says who is over its share, {@code pod} (retry later or on
     * another pod) or {@code tenant} (this tenant has too much waiting; others are still admitted),
     * and {@code limit} the number of waiting executions that share allows.
     */
    private String saturatedBody(SaturatedException e) {
        var body = mapper.createObjectNode().put("error", e.getMessage()).put("saturated", e.scope().label)
                .put("limit", e.limit());
        if (e.tenant() != null) {
            body.put("tenant", e.tenant());
        }
        return body.toString();
    }

    private String errorBody(String message) {
        return mapper.createObjectNode().put("error", message).toString();
    }
}
