package dev.isopool.e2e.kubelet;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the kubelet API that `kubectl logs` reaches: the API server connects to the Node's InternalIP and
 * kubelet port (127.0.0.1) over TLS with its kubelet client certificate, which this server requires to be
 * signed by the cluster CA, and asks for `/containerLogs/NAMESPACE/POD/CONTAINER` with `tailLines`, `previous`
 * and `follow`. Exec, attach and port-forward are not served (they answer 404).
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
    private static final long FOLLOW_POLL_MS = 250;

    /** Finds a pod's log file: (namespace, pod, previous) to the file, when the pod runs here. */
    public interface Logs {
        Optional<Path> file(String namespace, String pod, boolean previous);
    }

    private final Vertx vertx = Vertx.vertx();
    private final Logs logs;
    private HttpServer server;

    public KubeletServer(Logs logs) {
        this.logs = logs;
    }

    /** Listens on 127.0.0.1:port with the node's serving certificate; clients must present a CA-signed one. */
    public void start(int port, Path cert, Path key, Path ca) throws IOException {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                .setClientAuth(ClientAuth.REQUIRED);
        try {
            server = vertx.createHttpServer(options).requestHandler(this::handle).listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the kubelet API cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LOG.info("kubelet API on https://127.0.0.1:{}", port);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/healthz")) {
            req.response().end("ok");
            return;
        }
        List<String> parts = List.of(path.split("/"));
        // "", "containerLogs", namespace, pod, container
        if (parts.size() != 5 || !parts.get(1).equals("containerLogs")) {
            req.response().setStatusCode(404).end("the isopool node agent serves only /containerLogs\n");
            return;
        }
        boolean previous = "true".equals(req.getParam("previous"));
        Optional<Path> file = logs.file(parts.get(2), parts.get(3), previous).filter(Files::exists);
        if (file.isEmpty()) {
            req.response().setStatusCode(404).end("no " + (previous ? "previous " : "") + "log of container "
                    + parts.get(4) + " in pod " + parts.get(2) + "/" + parts.get(3) + " on this node\n");
            return;
        }
        String tail = req.getParam("tailLines");
        long offset;
        byte[] first;
        try {
            byte[] all = Files.readAllBytes(file.get());
            first = tail == null ? all : LogTail.lastLines(all, Integer.parseInt(tail));
            offset = all.length;
        } catch (IOException | NumberFormatException e) {
            req.response().setStatusCode(400).end(e.getMessage() + "\n");
            return;
        }
        var response = req.response().putHeader("Content-Type", "text/plain");
        if (!"true".equals(req.getParam("follow"))) {
            response.end(io.vertx.core.buffer.Buffer.buffer(first));
            return;
        }
        response.setChunked(true).write(io.vertx.core.buffer.Buffer.buffer(first));
        long[] position = {offset};
        long timer = vertx.setPeriodic(FOLLOW_POLL_MS, id -> {
            try (RandomAccessFile f = new RandomAccessFile(file.get().toFile(), "r")) {
                if (f.length() > position[0]) {
                    byte[] more = new byte[(int) (f.length() - position[0])];
                    f.seek(position[0]);
                    f.readFully(more);
                    position[0] += more.length;
                    response.write(io.vertx.core.buffer.Buffer.buffer(more));
                }
            } catch (IOException e) {
                vertx.cancelTimer(id);
                response.end();
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the kubelet API: {}", e.getMessage());
        }
    }
}
