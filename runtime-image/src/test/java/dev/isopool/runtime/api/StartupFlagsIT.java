package dev.isopool.runtime.api;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged runtime refuses to start on a bad V8 flag, and says which one. */
class StartupFlagsIT {

    @ParameterizedTest(name = "NODE_OPTIONS={0}")
    @CsvSource(delimiter = '|', value = {
            "--no-such-flag|unknown V8 flag '--no-such-flag'",
            "--max-old-space-size=lots|malformed value 'lots'",
            "--allow-natives-syntax|is refused",
            "--jitless|no WebAssembly"})
    void startupStopsWithAMessageNamingTheFlag(String options, String expected) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", options);
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        Process p = pb.start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "start-up should stop: " + output);
        assertNotEquals(0, p.exitValue());
        assertTrue(output.contains(expected), output);
    }
}
