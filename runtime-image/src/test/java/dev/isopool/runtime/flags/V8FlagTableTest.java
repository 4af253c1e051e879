package dev.isopool.runtime.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bundled flag table must be what the bundled V8 says about itself: a child JVM runs V8 with
 * {@code --help} (which prints every flag and exits) and the listing is compared name by name.
 */
class V8FlagTableTest {

    @Test
    void bundledTableMatchesTheLiveEngine() throws Exception {
        Path out = Files.createTempFile("v8-help", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintV8Help.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "V8 --help finished");
        List<String> live = new ArrayList<>();
        String name = null;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.matches("^  --\\S+ \\(.*")) {
                name = line.trim().substring(2, line.trim().indexOf(' '));
            } else if (line.startsWith("        type: ") && name != null) {
                live.add(name + " " + line.trim().split(" ")[1]);
            }
        }
        Files.write(Path.of("target", "v8-flags.live.txt"), live, StandardCharsets.UTF_8);
        V8FlagTable table = V8FlagTable.parse(new BufferedReader(new StringReader(String.join("\n", live))));
        V8FlagTable bundled = V8FlagTable.bundled();
        assertTrue(live.size() > 500, "V8 listed its flags: " + live.size());
        assertEquals(table.size(), bundled.size(),
                "flag count; regenerate src/main/resources/isopool/v8-flags.txt from target/v8-flags.live.txt");
        for (String entry : live) {
            String[] parts = entry.split(" ");
            assertEquals(parts[1], bundled.type(parts[0]).orElse("missing"), "flag " + parts[0]);
        }
    }

    /** Runs in the child JVM. */
    public static final class PrintV8Help {
        public static void main(String[] args) throws Exception {
            com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS.setCustomFlags("--help");
            com.caoccao.javet.interop.V8Host.getV8Instance().createV8Runtime().close();
        }
    }
}
