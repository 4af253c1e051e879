package dev.isopool.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged runtime serves HTTP on Netty's epoll transport, not on the NIO fallback. */
class HttpTransportIT {

    @Test
    void theHttpServerRunsOnEpoll() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        Process p = pb.start();
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    StringBuilder seen = new StringBuilder();
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.contains("HTTP transport:")) {
                            return l.substring(l.indexOf("HTTP transport:"));
                        }
                        seen.append(l).append('\n');
                    }
                    return "the runtime exited without naming its transport:\n" + seen;
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            assertEquals("HTTP transport: epoll (native)", line.get(60, TimeUnit.SECONDS));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
