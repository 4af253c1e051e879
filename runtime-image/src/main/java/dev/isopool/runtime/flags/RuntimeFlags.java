package dev.isopool.runtime.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The flags a runtime starts with, from its environment: {@code NODE_OPTIONS} (V8 flags, Node
 * style) and {@code ISOPOOL_V8_FLAGS} (more V8 flags, applied by the runtime alone).
 *
 * <p>With engine {@code node}, Node.js reads NODE_OPTIONS itself: there it accepts its own
 * options (a short allowlist here, the same as the operator's) and only a few V8 flags, so the
 * operator passes the other V8 flags (a profile's, say) in ISOPOOL_V8_FLAGS. With engine
 * {@code v8} both variables are V8 flags and Node options are unknown flags.
 *
 * @param heapMb         the isolate heap cap ({@code --max-old-space-size}, the last one given)
 * @param nodeOptionsV8  the V8 flags given in NODE_OPTIONS
 * @param runtimeV8      the V8 flags given in ISOPOOL_V8_FLAGS
 * @param nodeJsOptions  Node.js's own options given in NODE_OPTIONS (engine node only; Node applies them)
 */
public record RuntimeFlags(int heapMb, List<V8Flag> nodeOptionsV8, List<V8Flag> runtimeV8, List<String> nodeJsOptions) {
    /** Node.js options that may stand in NODE_OPTIONS with engine node: none loads code or widens access. */
    static final Set<String> NODE_JS_PLAIN = Set.of("--no-warnings", "--no-deprecation", "--enable-source-maps",
            "--no-addons", "--no-global-search-paths");
    static final Map<String, Pattern> NODE_JS_VALUED = Map.of(
            "--disable-proto", Pattern.compile("delete|throw"),
            "--max-http-header-size", Pattern.compile("[0-9]{1,7}"));

    /** Every V8 flag, NODE_OPTIONS' first. */
    public List<V8Flag> allV8() {
        List<V8Flag> all = new ArrayList<>(nodeOptionsV8);
        all.addAll(runtimeV8);
        return all;
    }

    public static RuntimeFlags fromEnvironment(Map<String, String> env, V8FlagTable table) {
        boolean node = "node".equals(env.getOrDefault("ISOPOOL_ENGINE", "v8").trim());
        List<String> nodeJs = new ArrayList<>();
        List<String> v8Tokens = new ArrayList<>();
        for (String token : NodeOptions.tokenize(env.getOrDefault("NODE_OPTIONS", ""))) {
            if (node && isNodeJsOption(token)) {
                nodeJs.add(token);
            } else {
                v8Tokens.add(token);
            }
        }
        NodeOptions.Parsed fromNodeOptions = NodeOptions.parse(String.join(" ", v8Tokens), table);
        String extra = env.getOrDefault("ISOPOOL_V8_FLAGS", "");
        NodeOptions.Parsed fromExtra;
        try {
            fromExtra = NodeOptions.parse(extra, table);
        } catch (InvalidFlagException e) {
            throw new InvalidFlagException(e.getMessage().replaceFirst("^NODE_OPTIONS", "ISOPOOL_V8_FLAGS"));
        }
        boolean extraSetsHeap = NodeOptions.tokenize(extra).stream()
                .anyMatch(t -> t.replace('_', '-').startsWith("--max-old-space-size"));
        int heapMb = extraSetsHeap ? fromExtra.heapMb() : fromNodeOptions.heapMb();
        return new RuntimeFlags(heapMb, fromNodeOptions.flags(), fromExtra.flags(), List.copyOf(nodeJs));
    }

    static boolean isNodeJsOption(String token) {
        if (NODE_JS_PLAIN.contains(token)) {
            return true;
        }
        int eq = token.indexOf('=');
        return eq > 0 && NODE_JS_VALUED.containsKey(token.substring(0, eq))
                && NODE_JS_VALUED.get(token.substring(0, eq)).matcher(token.substring(eq + 1)).matches();
    }
}
