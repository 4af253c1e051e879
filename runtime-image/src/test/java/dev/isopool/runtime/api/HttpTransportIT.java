package dev.isopool.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.runtime.it.RuntimeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged runtime serves HTTP on Netty's epoll transport, not on the NIO fallback. */
class HttpTransportIT {

    @Test
    void theHttpServerRunsOnEpoll() throws Exception {
        String log;
        try (RuntimeProcess runtime = RuntimeProcess.start("http-transport", Map.of(), List.of())) {
            // HttpTransport logs at start-up, before the runtime reports ready.
            log = Files.readString(Path.of("target", "it-logs", "http-transport.log"));
        }
        String line = log.lines().filter(l -> l.contains("HTTP transport:")).findFirst()
                .map(l -> l.substring(l.indexOf("HTTP transport:")))
                .orElse("the runtime did not name its transport:\n" + log);
        assertEquals("HTTP transport: epoll (native)", line);
    }
}
