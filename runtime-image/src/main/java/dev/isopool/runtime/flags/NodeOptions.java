package dev.isopool.runtime.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses NODE_OPTIONS into V8 flags, Node style: {@code --flag}, {@code --no-flag},
 * {@code --flag=value} or {@code --flag value}, separated by white space, values optionally
 * quoted. Every flag is checked against V8's own flag table, by type; flags that would open a
 * path out of the sandbox or end the process are refused. The heap cap
 * ({@code --max-old-space-size}) is kept apart because the runtime also plans with it.
 */
public final class NodeOptions {
    /** Used when NODE_OPTIONS sets no heap cap; V8's own default would follow the machine's memory. */
    public static final int DEFAULT_HEAP_MB = 128;
    private static final String HEAP_FLAG = "max-old-space-size";

    /** Flags that expose engine internals to user code, print and exit, or abort the process. */
    private static final Set<String> REFUSED = Set.of(
            "allow-natives-syntax", "expose-gc", "expose-gc-as", "expose-externalize-string",
            "expose-statistics", "expose-trigger-failure", "expose-ignition-statistics",
            "expose-cputracemark-as", "expose-inspector-scripts", "help", "version", "hard-abort",
            "abort-on-uncaught-exception", "abort-on-contradictory-flags", "exit-on-contradictory-flags",
            "fuzzing", "test-only-unsafe", "enable-os-system", "wasm-max-mem-pages",
            "wasm-max-mem64-pages", "turbofan");

    /** Flags the runtime cannot work with, and why. */
    private static final Map<String, String> UNWORKABLE = Map.of(
            "jitless", "without a JIT V8 has no WebAssembly: request modules could not run, and the worker-slowdown"
                    + " canary would lose its WebAssembly half (the Liftoff case it is there to see)");

    private NodeOptions() {
    }

    /** The parsed result: the heap cap in MiB and the other flags in order. */
    public record Parsed(int heapMb, List<V8Flag> flags) {
    }

    public static Parsed parse(String nodeOptions, V8FlagTable table) {
        List<String> tokens = tokenize(nodeOptions == null ? "" : nodeOptions);
        List<V8Flag> flags = new ArrayList<>();
        int heapMb = DEFAULT_HEAP_MB;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new InvalidFlagException("NODE_OPTIONS: '" + token
                        + "' is not a flag; write V8 flags as --name, --no-name or --name=value");
            }
            String body = token.substring(2);
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                value = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            String name = body.replace('_', '-');
            boolean negated = false;
            String type = table.type(name).orElse(null);
            if (type == null && name.startsWith("no-") && table.type(name.substring(3)).isPresent()) {
                negated = true;
                name = name.substring(3);
                type = table.type(name).orElseThrow();
            }
            if (type == null) {
                throw new InvalidFlagException("NODE_OPTIONS: unknown V8 flag '" + token + "'"
                        + " (Node.js options are not V8 flags; this engine runs V8 isolates only)");
            }
            if (name.equals("turbofan") && negated) {
                continue; // the runtime turns TurboFan off itself (see V8Platform)
            }
            if (UNWORKABLE.containsKey(name) && !negated) {
                throw new InvalidFlagException("NODE_OPTIONS: the flag '" + token + "' is refused: "
                        + UNWORKABLE.get(name));
            }
            if (REFUSED.contains(name)) {
                throw new InvalidFlagException("NODE_OPTIONS: the flag '" + token
                        + "' is refused: the runtime sets it itself, or it would expose engine internals"
                        + " to user code or end the process");
            }
            boolean bool = type.equals("bool") || type.equals("maybe_bool");
            if (bool) {
                if (value != null) {
                    throw new InvalidFlagException("NODE_OPTIONS: '" + token + "' is a boolean flag and takes no value;"
                            + " write --" + name + " or --no-" + name);
                }
                flags.add(new V8Flag(name, !negated, null));
                continue;
            }
            if (negated) {
                throw new InvalidFlagException("NODE_OPTIONS: '" + token + "' is not a boolean flag; give it a value");
            }
            if (value == null) {
                if (i + 1 >= tokens.size() || tokens.get(i + 1).startsWith("--")) {
                    throw new InvalidFlagException("NODE_OPTIONS: '" + token + "' needs a value of type " + type);
                }
                value = tokens.get(++i);
            }
            checkValue(token, name, type, value);
            if (name.equals(HEAP_FLAG)) {
                heapMb = Integer.parseInt(value);
            } else {
                flags.add(new V8Flag(name, true, value));
            }
        }
        return new Parsed(heapMb, List.copyOf(flags));
    }

    private static void checkValue(String token, String name, String type, String value) {
        boolean ok = switch (type) {
            case "int" -> value.matches("-?\\d{1,10}") && fitsLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "uint", "size_t", "uint64" -> value.matches("\\d{1,19}") && fitsLong(value, 0, Long.MAX_VALUE);
            case "float" -> value.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
            default -> !value.isEmpty();
        };
        if (!ok) {
            throw new InvalidFlagException("NODE_OPTIONS: '" + token + "' has a malformed value '" + value
                    + "'; --" + name + " takes a value of type " + type);
        }
        if (name.equals("stack-size") && (Long.parseLong(value) < 64 || Long.parseLong(value) > 984)) {
            throw new InvalidFlagException("NODE_OPTIONS: --stack-size=" + value
                    + " is out of range; from 64 to 984 KiB (V8's default) keeps V8's stack guard inside the thread's stack");
        }
        if (name.equals(HEAP_FLAG) && (Long.parseLong(value) < 16 || Long.parseLong(value) > 16_384)) {
            throw new InvalidFlagException("NODE_OPTIONS: --" + HEAP_FLAG + "=" + value
                    + " is out of range; give the per-isolate heap cap in MiB, from 16 to 16384");
        }
    }

    private static boolean fitsLong(String value, long min, long max) {
        try {
            long v = Long.parseLong(value);
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new InvalidFlagException("NODE_OPTIONS: unterminated " + quote + " quote in '" + text + "'");
        }
        if (inToken) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
