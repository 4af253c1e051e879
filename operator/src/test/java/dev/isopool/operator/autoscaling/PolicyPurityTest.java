package dev.isopool.operator.autoscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The policy stays pure: no Kubernetes, Quarkus or Operator SDK import, and no clock of its own. */
class PolicyPurityTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/isopool/operator/autoscaling");

    @Test
    void importsNothingFromTheCluster() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.list(SOURCES)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(PolicyPurityTest::lines)
                    .filter(line -> line.startsWith("import ") && (line.contains("io.fabric8")
                            || line.contains("io.quarkus") || line.contains("io.javaoperatorsdk")
                            || line.contains("jakarta.") || line.contains("dev.isopool.operator.api")))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void takesTimeAsAnArgument() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.list(SOURCES)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(PolicyPurityTest::lines)
                    .filter(line -> line.contains("Instant.now()") || line.contains("System.currentTimeMillis")
                            || line.contains("Clock."))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).map(l -> file.getFileName() + ": " + l)
                    .map(l -> l.substring(l.indexOf(": ") + 2));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
