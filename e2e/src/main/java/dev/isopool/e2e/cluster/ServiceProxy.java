package dev.isopool.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local kube-proxy: each Service with a cluster IP in the local service network gets an HTTP listener on
 * clusterIP:port that sends each request to the next ready pod behind the Service (round robin), the way a
 * ClusterIP Service spreads connections over its endpoints. Not-ready and terminating pods get no traffic.
 */
public final class ServiceProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length");

    private record Listener(String ip, int port, HttpServer server) {
    }

    private final KubernetesClient client;
    private final String serviceNetwork;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;

    public ServiceProxy(KubernetesClient client, String serviceNetwork) {
        this.client = client;
        this.serviceNetwork = serviceNetwork;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                .setConnectTimeout(2000));
    }

    public void start() {
        pods = client.pods().inAnyNamespace().inform();
        services = client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service s) {
                listen(s);
            }

            @Override
            public void onUpdate(Service before, Service after) {
                listen(after);
            }

            @Override
            public void onDelete(Service s, boolean unknown) {
                stop(key(s));
            }
        }, 0);
    }

    /** The base URL of a Service's first port, once the proxy listens for it. */
    public Optional<String> url(String namespace, String name) {
        return listeners.entrySet().stream().filter(e -> e.getKey().startsWith(namespace + "/" + name + ":"))
                .map(e -> "http://" + e.getValue().ip() + ":" + e.getValue().port()).findFirst();
    }

    private void listen(Service s) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        // a Service without selector (the API server's own "kubernetes") has no pods to send to
        if (ip == null || !ip.startsWith(serviceNetwork + ".") || s.getSpec().getPorts() == null
                || s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) {
            return;
        }
        for (ServicePort port : s.getSpec().getPorts()) {
            String key = key(s) + ":" + port.getPort();
            Listener existing = listeners.get(key);
            if (existing != null && existing.ip().equals(ip)) {
                continue;
            }
            stop(key);
            String namespace = s.getMetadata().getNamespace();
            String name = s.getMetadata().getName();
            HttpServer server = vertx.createHttpServer().requestHandler(req -> proxy(req, namespace, name, port));
            try {
                server.listen(port.getPort(), ip).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                listeners.put(key, new Listener(ip, port.getPort(), server));
                LOG.info("service {}/{} on http://{}:{}", namespace, name, ip, port.getPort());
            } catch (Exception e) {
                LOG.error("service {}/{}: cannot listen on {}:{}: {}", namespace, name, ip, port.getPort(),
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            }
        }
    }

    private void stop(String keyPrefix) {
        listeners.keySet().stream().filter(k -> k.equals(keyPrefix) || k.startsWith(keyPrefix + ":")).toList()
                .forEach(k -> {
                    Listener l = listeners.remove(k);
                    if (l != null) {
                        l.server().close();
                    }
                });
    }

    private void proxy(HttpServerRequest req, String namespace, String name, ServicePort port) {
        Service service = services.getStore().getByKey(namespace + "/" + name);
        List<String[]> endpoints = service == null ? List.of() : endpoints(service, port);
        if (endpoints.isEmpty()) {
            req.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"no ready pod behind service " + namespace + "/" + name + "\"}");
            return;
        }
        long turn = turns.computeIfAbsent(namespace + "/" + name, k -> new AtomicLong()).getAndIncrement();
        req.body().onSuccess(body -> send(req, body, endpoints, (int) (turn % endpoints.size()), 0));
    }

    /** Sends to the chosen pod; a pod that refuses the connection (just stopped) passes the request on once. */
    private void send(HttpServerRequest req, Buffer body, List<String[]> endpoints, int index, int attempt) {
        String[] target = endpoints.get(index % endpoints.size());
        http.request(new RequestOptions().setMethod(req.method()).setHost(target[0])
                .setPort(Integer.parseInt(target[1])).setURI(req.uri()))
                .onFailure(e -> {
                    if (attempt + 1 < Math.min(2, endpoints.size())) {
                        send(req, body, endpoints, index + 1, attempt + 1);
                    } else {
                        req.response().setStatusCode(502).end("upstream " + target[0] + ": " + e.getMessage());
                    }
                })
                .onSuccess(upstream -> {
                    copyHeaders(req.headers(), upstream.headers());
                    upstream.send(body).compose(response -> response.body().map(b -> {
                        var res = req.response().setStatusCode(response.statusCode());
                        copyHeaders(response.headers(), res.headers());
                        res.end(b);
                        return b;
                    })).onFailure(e -> {
                        if (!req.response().ended()) {
                            req.response().setStatusCode(502).end("upstream " + target[0] + ": " + e.getMessage());
                        }
                    });
                });
    }

    /** Ready, not terminating pods selected by the Service, as ip and target port. */
    private List<String[]> endpoints(Service service, ServicePort port) {
        Map<String, String> selector = service.getSpec().getSelector();
        List<String[]> out = new ArrayList<>();
        if (selector == null || selector.isEmpty()) {
            return out;
        }
        for (Pod pod : pods.getStore().list()) {
            if (!Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace())
                    || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                    || pod.getStatus().getPodIP() == null || pod.getMetadata().getLabels() == null
                    || !pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                continue;
            }
            boolean ready = pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (ready) {
                out.add(new String[] {pod.getStatus().getPodIP(), Integer.toString(targetPort(pod, port))});
            }
        }
        out.sort((a, b) -> a[0].compareTo(b[0]));
        return out;
    }

    private static int targetPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty()
                        : c.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(port.getPort());
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                to.add(k, v);
            }
        });
    }

    private static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
        if (pods != null) {
            pods.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the service proxy: {}", e.getMessage());
        }
    }
}
