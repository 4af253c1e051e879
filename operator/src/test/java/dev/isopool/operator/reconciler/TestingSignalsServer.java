package dev.isopool.operator.reconciler;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A fake runtime pod: serves `GET /v1/signals` with whatever the test sets, or nothing once stopped. */
final class TestingSignalsServer implements AutoCloseable {

    private final HttpServer server;
    private volatile String body;

    TestingSignalsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/signals", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        set(5, 1.0, 0.7);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void set(double lagP99Ms, double slowdown, double utilization) {
        body = String.format(Locale.ROOT, "{\"windowSeconds\":10,\"workers\":2,\"eventLoopLagP99Ms\":%s,"
                + "\"workerSlowdown\":%s,\"utilization\":%s,\"queueDepth\":0,\"inflight\":1,\"executions\":100,"
                + "\"rejected\":0,\"timeouts\":0,\"memoryLimitHits\":0,\"wasmCompileP99Ms\":0,\"health\":\"OK\","
                + "\"engine\":\"v8\",\"v8Flags\":[\"--no-wasm-tier-up\"]}", lagP99Ms, slowdown, utilization);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
