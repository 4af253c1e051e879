package dev.isopool.operator.planning;

import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which V8 flags a SandboxPool may set. An allowlist, because V8 has hundreds of flags and some of them hand
 * untrusted code a way out of the sandbox (`--allow-natives-syntax`), let it crash the process
 * (`--abort-on-uncaught-exception`, a `--stack-size` beyond the thread's real stack) or remove memory safety
 * checks (`--no-wasm-bounds-checks`). V8 accepts `_` for `-` and a `no-` prefix on boolean flags; so does this.
 */
public final class V8FlagPolicy {

    private static final Pattern FLAG = Pattern.compile("--([a-z0-9][a-z0-9_-]*)(?:=(\\S+))?");

    private static final Set<String> BOOLEAN = Set.of(
            "wasm-tier-up", "wasm-lazy-compilation", "wasm-dynamic-tiering", "wasm-lazy-validation",
            "wasm-async-compilation", "liftoff", "opt", "maglev", "sparkplug",
            "always-sparkplug", "lazy", "lite-mode", "optimize-for-size", "single-threaded", "single-threaded-gc",
            "concurrent-recompilation", "concurrent-marking", "concurrent-sweeping", "parallel-scavenge",
            "incremental-marking", "memory-reducer", "compilation-cache", "flush-bytecode", "predictable",
            "disallow-code-generation-from-strings");

    /** Flags with a numeric value, and the values that are safe for them. */
    private static final Map<String, IntPredicate> NUMERIC = Map.of(
            // The worker threads' stacks are sized for V8's default (984 KiB); a larger value lets deep
            // recursion overrun the real stack and crash the JVM instead of throwing a RangeError.
            "stack-size", v -> v >= 64 && v <= 984,
            "max-semi-space-size", v -> v >= 1 && v <= 1024,
            "min-semi-space-size", v -> v >= 1 && v <= 1024,
            "stack-trace-limit", v -> v >= 0 && v <= 1000);

    private static final Set<String> RESERVED = Set.of("max-old-space-size", "max-heap-size", "initial-heap-size");

    private static final Map<String, String> DANGEROUS = Map.of(
            "allow-natives-syntax", "exposes V8 internals (%-functions) to user code",
            "abort-on-uncaught-exception", "lets any user exception abort the whole runtime",
            "enable-os-system", "gives scripts a way to run host commands",
            "wasm-max-mem-pages", "the runtime sets it from its per-execution buffer budget",
            "turbofan", "V8's TurboFan drops the interrupt check in some loops, so they ignore the time limit;"
                    + " the runtime runs without it (--no-turbofan is allowed)",
            "jitless", "the runtime refuses it: without a JIT V8 has no WebAssembly, so request modules could not"
                    + " run and the worker-slowdown canary would lose its WebAssembly half");

    /** Safety checks that may be named but never turned off. */
    private static final Map<String, String> MUST_STAY_ON = Map.of(
            "wasm-bounds-checks", "it removes WebAssembly memory bounds checks",
            "wasm-stack-checks", "it removes WebAssembly stack overflow checks");

    private V8FlagPolicy() {
    }

    /** Judges one flag as written by the user, e.g. `--no-wasm-tier-up` or `--stack-size=512`. */
    public static FlagVerdict judge(String raw) {
        Matcher m = FLAG.matcher(raw == null ? "" : raw.trim());
        if (!m.matches()) {
            return FlagVerdict.of(FlagVerdict.Kind.MALFORMED,
                    "'" + raw + "' is not a flag of the form --name or --name=value");
        }
        String name = m.group(1).replace('_', '-');
        String value = m.group(2);
        boolean negated = name.startsWith("no-");
        String base = negated ? name.substring(3) : name;

        if ((base.equals("turbofan") || base.equals("jitless")) && negated && value == null) {
            return FlagVerdict.allowed();
        }
        if (MUST_STAY_ON.containsKey(base)) {
            return negated
                    ? FlagVerdict.of(FlagVerdict.Kind.DANGEROUS, raw + " is not allowed: " + MUST_STAY_ON.get(base))
                    : FlagVerdict.allowed();
        }
        if (DANGEROUS.containsKey(base)) {
            return FlagVerdict.of(FlagVerdict.Kind.DANGEROUS, raw + " is not allowed: " + DANGEROUS.get(base));
        }
        if (base.startsWith("expose-") || base.startsWith("allow-") || base.startsWith("experimental-")
                || base.startsWith("harmony")) {
            return FlagVerdict.of(FlagVerdict.Kind.DANGEROUS,
                    raw + " is not allowed: it widens what untrusted code can reach");
        }
        if (RESERVED.contains(base)) {
            return FlagVerdict.of(FlagVerdict.Kind.RESERVED,
                    raw + " is set by the operator; use spec.limits.heapMb instead");
        }
        if (BOOLEAN.contains(base)) {
            return value == null ? FlagVerdict.allowed()
                    : FlagVerdict.of(FlagVerdict.Kind.MALFORMED, raw + " takes no value");
        }
        if (NUMERIC.containsKey(base) && !negated) {
            return judgeNumber(raw, base, value);
        }
        return FlagVerdict.of(FlagVerdict.Kind.UNKNOWN, raw + " is not a V8 flag the operator allows");
    }

    private static FlagVerdict judgeNumber(String raw, String name, String value) {
        if (value == null) {
            return FlagVerdict.of(FlagVerdict.Kind.MALFORMED, raw + " needs a value, e.g. --" + name + "=N");
        }
        try {
            int v = Integer.parseInt(value);
            return NUMERIC.get(name).test(v) ? FlagVerdict.allowed()
                    : FlagVerdict.of(FlagVerdict.Kind.DANGEROUS, raw + " is outside the safe range for --" + name);
        } catch (NumberFormatException e) {
            return FlagVerdict.of(FlagVerdict.Kind.MALFORMED, raw + " needs an integer value");
        }
    }
}
