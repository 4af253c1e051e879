package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.ExecutionResult;
import dev.isopool.runtime.engine.SaturatedException;
import dev.isopool.runtime.engine.SandboxEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
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
