package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.ExecutionResult;
import dev.isopool.runtime.engine.SaturatedException;
import dev.isopool.runtime.engine.SandboxEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code POST /v1/execute}: accepts any content type, since {@code curl -d} sends a form type. */
@Path("/v1/execute")
public class ExecuteResource {
    /** Bodies up to this size are checked on the event loop; larger ones on a worker thread. */
    private static final int INLINE_PARSE_CHARS = 16 * 1024;
    @Inject
    SandboxEngine engine;
    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> execute(String body) {
        if (!engine.isWarm()) {
            return CompletableFuture.completedFuture(error(Response.Status.SERVICE_UNAVAILABLE,
                    "the runtime is starting; its isolates are not warm yet"));
        }
        if (body != null && body.length() > INLINE_PARSE_CHARS) {
            // A large batch takes milliseconds to check; keep it off the event loop.
            return CompletableFuture.supplyAsync(() -> body, Infrastructure.getDefaultWorkerPool())
                    .thenCompose(this::accept);
        }
        return accept(body);
    }

    private CompletionStage<Response> accept(String body) {
        try {
            var request = new RequestParser(mapper, engine.settings()).parse(body);
            return engine.submit(request).handle((result, failure) -> failure == null
                    ? Response.ok(result.toJson(), MediaType.APPLICATION_JSON_TYPE).build()
                    : error(Response.Status.SERVICE_UNAVAILABLE, failure.getMessage()));
        } catch (BadRequestException e) {
            return CompletableFuture.completedFuture(error(Response.Status.BAD_REQUEST, e.getMessage()));
        } catch (SaturatedException e) {
            return CompletableFuture.completedFuture(Response.status(429).header("Retry-After", "1")
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(errorBody(e.getMessage())).build());
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()));
        }
    }

    private Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(errorBody(message)).build();
    }

    private String errorBody(String message) {
        return mapper.createObjectNode().put("error", message).toString();
    }
}
