package dev.isopool.operator.planning;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which Node.js options `spec.node.options` may carry (engine `node` only). Allowlisted Node options (the runtime
 * accepts the same list), plus any V8 flag {@link V8FlagPolicy} allows. Options that load code, open a debugger or
 * widen permissions are refused, and so are the ones the runtime sets itself (`--unhandled-rejections`) or that
 * would freeze what its prelude must guard (`--frozen-intrinsics`).
 */
public final class NodeOptionPolicy {

    private static final Set<String> PLAIN = Set.of(
            "--no-warnings", "--no-deprecation", "--enable-source-maps",
            "--disallow-code-generation-from-strings", "--no-addons", "--no-global-search-paths");

    private static final Map<String, Pattern> VALUED = Map.of(
            "--disable-proto", Pattern.compile("delete|throw"),
            "--max-http-header-size", Pattern.compile("[0-9]{1,7}"));

    private static final Set<String> DANGEROUS_PREFIXES = Set.of(
            "--inspect", "--debug", "--require", "-r", "--import", "--loader", "--experimental-loader", "--eval",
            "-e", "--env-file", "--allow-", "--expose-", "--experimental-", "--permission", "--no-experimental-",
            "--preserve-symlinks", "--title", "--redirect-warnings", "--report", "--diagnostic-dir", "--cpu-prof",
            "--heap-prof", "--prof");

    private NodeOptionPolicy() {
    }

    /** Judges one whitespace-free token of `spec.node.options`. */
    public static FlagVerdict judge(String token) {
        if (PLAIN.contains(token)) {
            return FlagVerdict.allowed();
        }
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq);
        if (VALUED.containsKey(name)) {
            return eq >= 0 && VALUED.get(name).matcher(token.substring(eq + 1)).matches()
                    ? FlagVerdict.allowed()
                    : FlagVerdict.of(FlagVerdict.Kind.MALFORMED, token + " has a value Node.js does not accept");
        }
        for (String prefix : DANGEROUS_PREFIXES) {
            if (name.equals(prefix) || (prefix.endsWith("-") && name.startsWith(prefix))
                    || name.startsWith(prefix + "-")) {
                return FlagVerdict.of(FlagVerdict.Kind.DANGEROUS,
                        token + " is not allowed: it loads code, opens a debugger or widens permissions");
            }
        }
        FlagVerdict asV8 = V8FlagPolicy.judge(token);
        return asV8.kind() == FlagVerdict.Kind.UNKNOWN
                ? FlagVerdict.of(FlagVerdict.Kind.UNKNOWN, token + " is not a Node.js option the operator allows")
                : asV8;
    }
}
