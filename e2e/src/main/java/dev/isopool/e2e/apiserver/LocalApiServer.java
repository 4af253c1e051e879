package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded API server: Fabric8's mock server in CRUD mode (storage, watches, status subresources, finalizers)
 * behind a front that adds what kubectl and controllers need from a real one: discovery, an OpenAPI document,
 * Tables for `kubectl get`, watches as HTTP streams (kubectl) as well as WebSockets (Fabric8), watch from a
 * resourceVersion, RFC 7386 merge patches (and kubectl's strategic ones), set-based label and any-field
 * selectors, Status bodies on errors, ClusterIP allocation for Services, Established CRDs and pod logs.
 * Plain HTTP on a loopback address; there is no authentication.
 */
public final class LocalApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String JSON = "application/json";
    private static final int MERGE_RETRIES = 5;
    /** The mock logs every request at INFO through java.util.logging; held so that the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** Where pod logs come from (the local kubelet); none until one is registered. */
    public interface PodLogs {
        Optional<Path> logFile(String namespace, String pod, boolean previous);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final KubernetesMockServer backend;
    private final Vertx vertx;
    private final HttpClient backendHttp;
    private final HttpServer server;
    private final String host;
    private final String serviceNetwork;
    private final Discovery discovery;
    private final Tables tables;
    /** Cluster IPs of Service creations not stored yet; touched on the event loop only. */
    private final Set<String> allocating = new java.util.HashSet<>();
    private volatile PodLogs podLogs = (ns, pod, previous) -> Optional.empty();

    private LocalApiServer(KubernetesMockServer backend, Vertx vertx, String host, int port, String serviceNetwork) {
        this.backend = backend;
        this.vertx = vertx;
        this.host = host;
        this.serviceNetwork = serviceNetwork;
        this.backendHttp = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(backend.getHostName()).setDefaultPort(backend.getPort())
                .setMaxPoolSize(32).setKeepAlive(true));
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024).setMaxWebSocketMessageSize(64 * 1024 * 1024));
        this.discovery = new Discovery(json, host + ":" + port);
        this.tables = new Tables(json);
    }

    /**
     * Starts the API server on host:port (0 picks a free port). Services get cluster IPs
     * `serviceNetwork.1` to `.254` (a loopback /24 such as 127.0.2, so that a local proxy can listen on them).
     */
    public static LocalApiServer start(String host, int port, String serviceNetwork) {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer backend = new KubernetesMockServer(new Context(), new MockWebServer(),
                new HashMap<>(), new KubernetesCrudDispatcher(Collections.emptyList()), false);
        try {
            backend.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the mock API server: " + e.getMessage(), e);
        }
        Vertx vertx = Vertx.vertx();
        LocalApiServer api = new LocalApiServer(backend, vertx, host, port, serviceNetwork);
        try {
            api.server.requestHandler(api::handle).listen().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            api.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " (is another local cluster running?): " + rootMessage(e), e);
        }
        LOG.info("API server listening on {}", api.url());
        return api;
    }

    public String url() {
        return "http://" + host + ":" + server.actualPort();
    }

    public void setPodLogs(PodLogs podLogs) {
        this.podLogs = podLogs;
    }

    /** A Fabric8 client configuration for this server (namespace `default`). */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withTrustCerts(true).withRequestTimeout(30_000).withConnectionTimeout(10_000).build();
    }

    /** Writes a kubeconfig for kubectl and Fabric8 (cluster, user and context named isopool-local). */
    public void writeKubeconfig(Path file) throws IOException {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: isopool-local
                  cluster:
                    server: %s
                users:
                - name: isopool-local
                  user: {}
                contexts:
                - name: isopool-local
                  context:
                    cluster: isopool-local
                    user: isopool-local
                    namespace: default
                current-context: isopool-local
                """.formatted(url());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, kubeconfig);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the API server front: {}", rootMessage(e));
        }
        backend.destroy();
    }

    // ---- request routing ----

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if ("websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE))) {
            proxyWebSocket(req);
            return;
        }
        String finalPath = path;
        if (req.method() == HttpMethod.GET && serveFixed(req, finalPath)) {
            return;
        }
        req.body().onSuccess(body -> routeWithBody(req, finalPath, body))
                .onFailure(e -> status(req.response(), 400, "BadRequest", "cannot read the body: " + e.getMessage()));
    }

    private boolean serveFixed(HttpServerRequest req, String path) {
        HttpServerResponse res = req.response();
        switch (path) {
            case "/version" -> {
                send(res, 200, json.createObjectNode().put("major", "1").put("minor", "30")
                        .put("gitVersion", "v1.30.0-isopool-local").put("platform", "linux/amd64"));
                return true;
            }
            case "/healthz", "/readyz", "/livez" -> {
                res.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok");
                return true;
            }
            case "/api" -> {
                send(res, 200, discovery.apiVersions());
                return true;
            }
            case "/openapi/v2" -> {
                String accept = Optional.ofNullable(req.getHeader(HttpHeaders.ACCEPT)).orElse("");
                if (accept.contains("protobuf")) {
                    res.putHeader(HttpHeaders.CONTENT_TYPE, OpenApiDocument.PROTOBUF)
                            .end(Buffer.buffer(OpenApiDocument.protobuf()));
                } else {
                    res.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(OpenApiDocument.json());
                }
                return true;
            }
            default -> {
            }
        }
        if ("/apis".equals(path) || path.startsWith("/apis/") && path.split("/").length <= 4
                || "/api/v1".equals(path)) {
            serveDiscovery(req, path);
            return true;
        }
        if (path.startsWith("/openapi/")) {
            status(res, 404, "NotFound", "the local cluster serves /openapi/v2 only");
            return true;
        }
        return false;
    }

    private void serveDiscovery(HttpServerRequest req, String path) {
        crds().onFailure(e -> status(req.response(), 503, "ServiceUnavailable", e.getMessage()))
                .onSuccess(crds -> {
                    List<ApiResource> resources = Discovery.resources(crds);
                    String[] parts = path.split("/");
                    Optional<JsonNode> doc;
                    if ("/apis".equals(path)) {
                        doc = Optional.of(discovery.groupList(resources));
                    } else if ("/api/v1".equals(path)) {
                        doc = discovery.resourceList(resources, "", "v1");
                    } else if (parts.length == 3) {
                        doc = discovery.group(resources, parts[2]);
                    } else {
                        doc = discovery.resourceList(resources, parts[2], parts[3]);
                    }
                    if (doc.isPresent()) {
                        send(req.response(), 200, doc.get());
                    } else {
                        status(req.response(), 404, "NotFound", "the server could not find the requested resource");
                    }
                });
    }

    private void routeWithBody(HttpServerRequest req, String path, Buffer body) {
        crds().onFailure(e -> status(req.response(), 503, "ServiceUnavailable", e.getMessage()))
                .onSuccess(crds -> {
                    List<ApiResource> resources = Discovery.resources(crds);
                    Optional<RequestPath> target = RequestPath.parse(resources, path);
                    if (target.isEmpty()) {
                        status(req.response(), 404, "NotFound", "the server could not find the requested resource ("
                                + req.method() + " " + path + ")");
                        return;
                    }
                    RequestPath rp = target.get();
                    try {
                        route(req, rp, body, crds);
                    } catch (RuntimeException e) {
                        LOG.warn("{} {} failed", req.method(), req.uri(), e);
                        status(req.response(), 500, "InternalError", rootMessage(e));
                    }
                });
    }

    private void route(HttpServerRequest req, RequestPath rp, Buffer body, List<JsonNode> crds) {
        HttpMethod method = req.method();
        Map<String, String> query = query(req);
        if (method == HttpMethod.GET && "log".equals(rp.subresource()) && "pods".equals(rp.resource().plural())) {
            serveLog(req, rp, query);
        } else if (method == HttpMethod.GET && isTrue(query.get("watch"))) {
            streamWatch(req, rp, query, crdOf(crds, rp));
        } else if (method == HttpMethod.GET && rp.isCollection()) {
            list(req, rp, query, crdOf(crds, rp));
        } else if (method == HttpMethod.GET) {
            get(req, rp, crdOf(crds, rp));
        } else if (method == HttpMethod.PATCH) {
            patch(req, rp, body);
        } else if (method == HttpMethod.POST && "services".equals(rp.resource().plural())) {
            createService(req, rp, body);
        } else if (method == HttpMethod.POST && "customresourcedefinitions".equals(rp.resource().plural())) {
            createCrd(req, body);
        } else if (method == HttpMethod.PUT && "services".equals(rp.resource().plural()) && rp.subresource() == null) {
            updateService(req, rp, body);
        } else if (method == HttpMethod.DELETE && rp.isCollection()) {
            deleteCollection(req, rp, query);
        } else {
            forward(req, method, req.uri(), body);
        }
    }

    // ---- reads ----

    private void get(HttpServerRequest req, RequestPath rp, Optional<JsonNode> crd) {
        call(HttpMethod.GET, req.uri(), null).onFailure(e -> failed(req, e)).onSuccess(r -> {
            if (r.code() != 200 || !wantsTable(req)) {
                relay(req, rp, r);
                return;
            }
            JsonNode object = parse(r.body());
            send(req.response(), 200, tables.table(rp.resource(), crd, List.of(object),
                    object.path("metadata").path("resourceVersion").asText(null), Instant.now()));
        });
    }

    private void list(HttpServerRequest req, RequestPath rp, Map<String, String> query, Optional<JsonNode> crd) {
        Predicate<JsonNode> selected;
        try {
            selected = Selectors.labels(query.get("labelSelector")).and(Selectors.fields(query.get("fieldSelector")));
        } catch (IllegalArgumentException e) {
            status(req.response(), 400, "BadRequest", e.getMessage());
            return;
        }
        call(HttpMethod.GET, rp.resource().path(rp.namespace()), null).onFailure(e -> failed(req, e)).onSuccess(r -> {
            if (r.code() != 200) {
                relay(req, rp, r);
                return;
            }
            ObjectNode list = (ObjectNode) parse(r.body());
            List<JsonNode> items = new ArrayList<>();
            list.path("items").forEach(item -> {
                if (selected.test(item)) {
                    items.add(item);
                }
            });
            // a real server lists in key order (namespace, then name); the mock in hash order
            items.sort(java.util.Comparator.comparing((JsonNode i) -> i.path("metadata").path("namespace").asText())
                    .thenComparing(i -> i.path("metadata").path("name").asText()));
            String resourceVersion = list.path("metadata").path("resourceVersion").asText(null);
            if (wantsTable(req)) {
                send(req.response(), 200, tables.table(rp.resource(), crd, items, resourceVersion, Instant.now()));
                return;
            }
            list.put("kind", rp.resource().kind() + "List").put("apiVersion", rp.resource().groupVersion());
            ArrayNode filtered = list.putArray("items");
            for (JsonNode item : items) {
                // the mock stores what was posted; a real server always returns kind and apiVersion
                ((ObjectNode) item).put("kind", rp.resource().kind()).put("apiVersion", rp.resource().groupVersion());
                filtered.add(item);
            }
            send(req.response(), 200, list);
        });
    }

    private void serveLog(HttpServerRequest req, RequestPath rp, Map<String, String> query) {
        Optional<Path> file = podLogs.logFile(rp.namespace(), rp.name(), isTrue(query.get("previous")));
        if (file.isEmpty() || !Files.exists(file.get())) {
            status(req.response(), 404, "NotFound", "no log for pod \"" + rp.name() + "\" in namespace \""
                    + rp.namespace() + "\"" + (isTrue(query.get("previous")) ? " (previous container)" : ""));
            return;
        }
        vertx.executeBlocking(() -> {
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
            String tail = query.get("tailLines");
            if (tail != null) {
                int n = Integer.parseInt(tail);
                lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
            }
            return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
        }).onSuccess(text -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(text))
                .onFailure(e -> status(req.response(), 500, "InternalError", rootMessage(e)));
    }

    // ---- watches ----

    private void streamWatch(HttpServerRequest req, RequestPath rp, Map<String, String> query, Optional<JsonNode> crd) {
        HttpServerResponse res = req.response();
        boolean table = wantsTable(req);
        long since = parseLong(query.get("resourceVersion"));
        Predicate<JsonNode> selected;
        try {
            selected = Selectors.labels(query.get("labelSelector")).and(Selectors.fields(query.get("fieldSelector")));
        } catch (IllegalArgumentException e) {
            status(res, 400, "BadRequest", e.getMessage());
            return;
        }
        backendHttp.webSocket(new WebSocketConnectOptions().setURI(backendWatchUri(rp, query)))
                .onFailure(e -> status(res, 503, "ServiceUnavailable", "watch failed: " + rootMessage(e)))
                .onSuccess(ws -> {
                    res.setChunked(true).setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
                    res.write("");
                    ws.textMessageHandler(message -> {
                        JsonNode event = parse(message);
                        if (!deliver(event, since, selected)) {
                            return;
                        }
                        ObjectNode out = (ObjectNode) event;
                        typed(out.path("object"), rp.resource());
                        if (table) {
                            out.set("object", tables.table(rp.resource(), crd, List.of(event.path("object")),
                                    event.path("object").path("metadata").path("resourceVersion").asText(null),
                                    Instant.now()));
                        }
                        if (!res.ended() && !res.closed()) {
                            res.write(out.toString() + "\n");
                        }
                    });
                    ws.closeHandler(v -> endQuietly(res));
                    res.closeHandler(v -> ws.close());
                    long timeout = parseLong(query.get("timeoutSeconds"));
                    if (timeout > 0) {
                        vertx.setTimer(timeout * 1000, t -> {
                            ws.close();
                            endQuietly(res);
                        });
                    }
                });
    }

    private void proxyWebSocket(HttpServerRequest req) {
        String path = req.path();
        Map<String, String> query = query(req);
        req.pause();
        crds().onComplete(result -> {
            List<ApiResource> resources = Discovery.resources(result.succeeded() ? result.result() : List.of());
            Optional<RequestPath> rp = RequestPath.parse(resources, path);
            long since = parseLong(query.get("resourceVersion"));
            String uri = rp.isPresent() && isTrue(query.get("watch")) ? backendWatchUri(rp.get(), query) : req.uri();
            Predicate<JsonNode> selected;
            try {
                selected = Selectors.labels(query.get("labelSelector"))
                        .and(Selectors.fields(query.get("fieldSelector")));
            } catch (IllegalArgumentException e) {
                req.resume();
                status(req.response(), 400, "BadRequest", e.getMessage());
                return;
            }
            backendHttp.webSocket(new WebSocketConnectOptions().setURI(uri)).onComplete(connected -> {
                req.resume();
                if (connected.failed()) {
                    status(req.response(), 503, "ServiceUnavailable", "watch failed: " + rootMessage(connected.cause()));
                    return;
                }
                WebSocket back = connected.result();
                req.toWebSocket().onFailure(e -> back.close()).onSuccess(front -> pipe(front, back, since, selected,
                        rp.map(RequestPath::resource).orElse(null)));
            });
        });
    }

    private void pipe(ServerWebSocket front, WebSocket back, long since, Predicate<JsonNode> selected,
            ApiResource resource) {
        back.textMessageHandler(message -> {
            JsonNode event = parse(message);
            if (deliver(event, since, selected) && !front.isClosed()) {
                if (resource != null) {
                    typed(event.path("object"), resource);
                }
                front.writeTextMessage(event.toString());
            }
        });
        front.textMessageHandler(back::writeTextMessage);
        back.closeHandler(v -> {
            if (!front.isClosed()) {
                front.close();
            }
        });
        front.closeHandler(v -> {
            if (!back.isClosed()) {
                back.close();
            }
        });
    }

    /**
     * The mock replays every matching object as ADDED when a watch opens; a watch from a resourceVersion must
     * only see changes after it, as on a real server. The backend gets the equality selectors it understands;
     * everything is filtered here.
     */
    private static boolean deliver(JsonNode event, long since, Predicate<JsonNode> selected) {
        JsonNode object = event.path("object");
        if (since > 0 && "ADDED".equals(event.path("type").asText())
                && parseLong(object.path("metadata").path("resourceVersion").asText()) <= since) {
            return false;
        }
        return selected.test(object);
    }

    private static String backendWatchUri(RequestPath rp, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(rp.resource().path(rp.namespace())).append("?watch=true");
        String field = query.get("fieldSelector");
        if (field != null) {
            for (String requirement : field.split(",")) {
                String[] kv = requirement.split("=");
                if (kv.length == 2 && "metadata.name".equals(kv[0])) {
                    uri.append("&fieldSelector=metadata.name%3D").append(kv[1]);
                }
            }
        }
        return uri.toString();
    }

    // ---- writes ----

    private void patch(HttpServerRequest req, RequestPath rp, Buffer body) {
        String type = Optional.ofNullable(req.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
                .toLowerCase(Locale.ROOT);
        if (type.startsWith("application/apply-patch")) {
            status(req.response(), 415, "UnsupportedMediaType", "server-side apply is not supported by the local "
                    + "cluster's API server; use kubectl apply without --server-side");
        } else if (type.startsWith("application/merge-patch+json")) {
            mergePatch(req, rp, parse(body.toString()), 0);
        } else if (type.startsWith("application/strategic-merge-patch+json")) {
            mergePatch(req, rp, MergePatch.withoutDirectives(parse(body.toString())), 0);
        } else {
            forward(req, HttpMethod.PATCH, req.uri(), body);
        }
    }

    /** Applies a merge patch as a PUT of the merged object, retried when another writer got there first. */
    private void mergePatch(HttpServerRequest req, RequestPath rp, JsonNode patch, int attempt) {
        boolean lockedByClient = patch.path("metadata").hasNonNull("resourceVersion");
        call(HttpMethod.GET, rp.objectPath(), null).onFailure(e -> failed(req, e)).onSuccess(current -> {
            if (current.code() != 200) {
                relay(req, rp, current);
                return;
            }
            JsonNode merged = MergePatch.apply(parse(current.body()), patch);
            if (merged.path("spec").isObject() && "services".equals(rp.resource().plural())) {
                keepClusterIp((ObjectNode) merged, parse(current.body()));
            }
            String uri = rp.subresource() == null ? rp.objectPath() : rp.objectPath() + "/" + rp.subresource();
            call(HttpMethod.PUT, uri, Buffer.buffer(merged.toString())).onFailure(e -> failed(req, e))
                    .onSuccess(updated -> {
                        if (updated.code() == 409 && !lockedByClient && attempt < MERGE_RETRIES) {
                            mergePatch(req, rp, patch, attempt + 1);
                        } else {
                            relay(req, rp, updated);
                        }
                    });
        });
    }

    private void createService(HttpServerRequest req, RequestPath rp, Buffer body) {
        ObjectNode service = (ObjectNode) parse(body.toString());
        JsonNode spec = service.path("spec");
        boolean wantsIp = spec.isObject() && !spec.hasNonNull("clusterIP")
                && "ClusterIP".equals(spec.path("type").asText("ClusterIP"));
        if (!wantsIp) {
            forward(req, HttpMethod.POST, req.uri(), body);
            return;
        }
        call(HttpMethod.GET, "/api/v1/services", null).onFailure(e -> failed(req, e)).onSuccess(all -> {
            // runs on the event loop: creations in flight hold their address in allocating until stored
            Set<String> used = new java.util.HashSet<>(allocating);
            parse(all.body()).path("items").forEach(s -> used.add(s.path("spec").path("clusterIP").asText()));
            for (int n = 1; n < 255; n++) {
                String ip = serviceNetwork + "." + n;
                if (!used.contains(ip)) {
                    allocating.add(ip);
                    ((ObjectNode) spec).put("clusterIP", ip);
                    ((ObjectNode) spec).putArray("clusterIPs").add(ip);
                    call(HttpMethod.POST, req.uri(), Buffer.buffer(service.toString()))
                            .onComplete(done -> allocating.remove(ip))
                            .onFailure(e -> failed(req, e))
                            .onSuccess(created -> relay(req, rp, created));
                    return;
                }
            }
            status(req.response(), 500, "InternalError", "no free cluster IP in " + serviceNetwork + ".0/24");
        });
    }

    /** A real API server never drops a Service's cluster IP on update; nor does this one. */
    private void updateService(HttpServerRequest req, RequestPath rp, Buffer body) {
        ObjectNode service = (ObjectNode) parse(body.toString());
        call(HttpMethod.GET, rp.objectPath(), null).onFailure(e -> failed(req, e)).onSuccess(current -> {
            if (current.code() == 200) {
                keepClusterIp(service, parse(current.body()));
            }
            forward(req, HttpMethod.PUT, req.uri(), Buffer.buffer(service.toString()));
        });
    }

    private static void keepClusterIp(ObjectNode updated, JsonNode current) {
        JsonNode ip = current.path("spec").path("clusterIP");
        if (ip.isTextual() && updated.path("spec").isObject() && !updated.path("spec").hasNonNull("clusterIP")) {
            ((ObjectNode) updated.path("spec")).put("clusterIP", ip.asText());
            ((ObjectNode) updated.path("spec")).set("clusterIPs", current.path("spec").path("clusterIPs").deepCopy());
        }
    }

    /** Creates a CRD and marks it Established, as the API server does once the names are accepted. */
    private void createCrd(HttpServerRequest req, Buffer body) {
        call(HttpMethod.POST, req.uri(), body).onFailure(e -> failed(req, e)).onSuccess(created -> {
            if (created.code() != 201) {
                relay(req, null, created);
                return;
            }
            ObjectNode crd = (ObjectNode) parse(created.body());
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            ObjectNode status = crd.putObject("status");
            ArrayNode conditions = status.putArray("conditions");
            for (String type : List.of("NamesAccepted", "Established")) {
                conditions.addObject().put("type", type).put("status", "True")
                        .put("reason", "NoConflicts".equals(type) ? type : "InitialNamesAccepted")
                        .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
            }
            status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
            ArrayNode stored = status.putArray("storedVersions");
            crd.path("spec").path("versions").forEach(v -> {
                if (v.path("storage").asBoolean()) {
                    stored.add(v.path("name").asText());
                }
            });
            String uri = CRDS + "/" + crd.path("metadata").path("name").asText() + "/status";
            call(HttpMethod.PUT, uri, Buffer.buffer(crd.toString())).onFailure(e -> failed(req, e))
                    .onSuccess(established -> {
                        HttpServerResponse res = req.response().setStatusCode(201);
                        res.putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                                .end(established.code() == 200 ? established.body() : created.body());
                    });
        });
    }

    /** The mock deletes by path; selectors on a collection delete go through the same filter as lists. */
    private void deleteCollection(HttpServerRequest req, RequestPath rp, Map<String, String> query) {
        Predicate<JsonNode> selected;
        try {
            selected = Selectors.labels(query.get("labelSelector")).and(Selectors.fields(query.get("fieldSelector")));
        } catch (IllegalArgumentException e) {
            status(req.response(), 400, "BadRequest", e.getMessage());
            return;
        }
        call(HttpMethod.GET, rp.resource().path(rp.namespace()), null).onFailure(e -> failed(req, e))
                .onSuccess(r -> {
                    List<Future<Backend>> deletions = new ArrayList<>();
                    ArrayNode deleted = json.createArrayNode();
                    parse(r.body()).path("items").forEach(item -> {
                        if (selected.test(item)) {
                            deleted.add(item);
                            deletions.add(call(HttpMethod.DELETE, rp.resource().path(
                                    item.path("metadata").path("namespace").asText(null)) + "/"
                                    + item.path("metadata").path("name").asText(), null));
                        }
                    });
                    Future.join(deletions).onComplete(done -> {
                        ObjectNode list = json.createObjectNode().put("kind", rp.resource().kind() + "List")
                                .put("apiVersion", rp.resource().groupVersion());
                        list.set("items", deleted);
                        send(req.response(), 200, list);
                    });
                });
    }

    // ---- plumbing ----

    private record Backend(int code, String contentType, String body) {
    }

    private Future<Backend> call(HttpMethod method, String uri, Buffer body) {
        return backendHttp.request(new RequestOptions().setMethod(method).setURI(uri)).compose(request -> {
            request.putHeader(HttpHeaders.ACCEPT, JSON);
            if (body != null) {
                request.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
                return request.send(body);
            }
            return request.send();
        }).compose(response -> response.body().map(b -> new Backend(response.statusCode(),
                response.getHeader(HttpHeaders.CONTENT_TYPE), b.toString())));
    }

    private void forward(HttpServerRequest req, HttpMethod method, String uri, Buffer body) {
        backendHttp.request(new RequestOptions().setMethod(method).setURI(uri)).compose(request -> {
            MultiMap headers = req.headers();
            request.putHeader(HttpHeaders.ACCEPT, JSON);
            String type = headers.get(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                request.putHeader(HttpHeaders.CONTENT_TYPE, type);
            }
            return body != null && body.length() > 0 ? request.send(body) : request.send();
        }).compose(response -> response.body().map(b -> new Backend(response.statusCode(),
                response.getHeader(HttpHeaders.CONTENT_TYPE), b.toString())))
                .onFailure(e -> failed(req, e))
                .onSuccess(r -> relay(req, RequestPath.parse(ApiResource.BUILTIN, req.path()).orElse(null), r));
    }

    /** Passes a backend answer on, with a Status body where the mock gives none. */
    private void relay(HttpServerRequest req, RequestPath rp, Backend r) {
        if (r.code() >= 400 && (r.body() == null || r.body().isBlank())) {
            String what = rp == null ? req.path()
                    : (rp.resource().group().isEmpty() ? rp.resource().plural()
                            : rp.resource().plural() + "." + rp.resource().group())
                            + (rp.name() == null ? "" : " \"" + rp.name() + "\"");
            switch (r.code()) {
                case 404 -> status(req.response(), 404, "NotFound", what + " not found", rp);
                case 409 -> status(req.response(), 409, "Conflict", "Operation cannot be fulfilled on " + what
                        + ": the object has been modified; please apply your changes to the latest version and try again",
                        rp);
                default -> status(req.response(), r.code(), "InternalError", "the request failed (" + r.code() + ")", rp);
            }
            return;
        }
        HttpServerResponse res = req.response().setStatusCode(r.code());
        res.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        res.end(r.body() == null ? "" : r.body());
    }

    private Future<List<JsonNode>> crds() {
        return call(HttpMethod.GET, CRDS, null).map(r -> {
            List<JsonNode> crds = new ArrayList<>();
            if (r.code() == 200) {
                parse(r.body()).path("items").forEach(crds::add);
            }
            return crds;
        });
    }

    private static Optional<JsonNode> crdOf(List<JsonNode> crds, RequestPath rp) {
        String group = rp.resource().group();
        return crds.stream().filter(c -> c.path("spec").path("group").asText().equals(group)
                && c.path("spec").path("names").path("plural").asText().equals(rp.resource().plural())).findFirst();
    }

    private static void typed(JsonNode object, ApiResource resource) {
        if (object.isObject() && !object.hasNonNull("kind")) {
            ((ObjectNode) object).put("kind", resource.kind()).put("apiVersion", resource.groupVersion());
        }
    }

    private static boolean wantsTable(HttpServerRequest req) {
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("as=Table");
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private void send(HttpServerResponse res, int code, JsonNode body) {
        res.setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toString());
    }

    private void status(HttpServerResponse res, int code, String reason, String message) {
        status(res, code, reason, message, null);
    }

    private void status(HttpServerResponse res, int code, String reason, String message, RequestPath rp) {
        if (res.ended() || res.headWritten()) {
            return;
        }
        ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        status.putObject("metadata");
        if (rp != null) {
            ObjectNode details = status.putObject("details").put("kind", rp.resource().plural());
            if (!rp.resource().group().isEmpty()) {
                details.put("group", rp.resource().group());
            }
            if (rp.name() != null) {
                details.put("name", rp.name());
            }
        }
        send(res, code, status);
    }

    private void failed(HttpServerRequest req, Throwable e) {
        LOG.warn("{} {}: backend call failed: {}", req.method(), req.uri(), rootMessage(e));
        status(req.response(), 503, "ServiceUnavailable", "storage unavailable: " + rootMessage(e));
    }

    private static void endQuietly(HttpServerResponse res) {
        if (!res.ended() && !res.closed()) {
            res.end();
        }
    }

    private static Map<String, String> query(HttpServerRequest req) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = req.query();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return params;
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    private static long parseLong(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
