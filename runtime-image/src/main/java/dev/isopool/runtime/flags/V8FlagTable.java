package dev.isopool.runtime.flags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flags V8 itself accepts, with their types, as V8's own {@code --help} lists them for the
 * bundled Javet build (resource {@code isopool/v8-flags.txt}, checked against the live engine by
 * {@code V8FlagTableTest}). V8 only prints a warning for a flag it does not know, so the runtime
 * checks names and values here, before V8 sees them.
 */
public final class V8FlagTable {
    private static final String RESOURCE = "/isopool/v8-flags.txt";
    private final Map<String, String> types;

    V8FlagTable(Map<String, String> types) {
        this.types = Map.copyOf(types);
    }

    public static V8FlagTable bundled() {
        try (InputStream in = V8FlagTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static V8FlagTable parse(BufferedReader reader) throws IOException {
        Map<String, String> types = new HashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            types.put(parts[0], parts[1]);
        }
        return new V8FlagTable(types);
    }

    /** The V8 type of a flag (bool, int, uint, uint64, size_t, float, string, maybe_bool), if known. */
    public Optional<String> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public int size() {
        return types.size();
    }
}
