package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Label selectors (equality and set-based) and field selectors over any field path, evaluated on stored objects:
 * the mock server knows equality on labels and `metadata.name` only, which `kubectl describe` (events by
 * `involvedObject.*`) and set-based selectors need beyond.
 */
public final class Selectors {

    private static final Pattern SET = Pattern.compile("\\s*([^\\s!=]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*");
    private static final Pattern COMPARE = Pattern.compile("\\s*([^\\s!=]+)\\s*(==|=|!=)\\s*([^\\s,]*)\\s*");
    private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=()]+)\\s*");

    private Selectors() {
    }

    /** A label selector in the API's string form; empty or null selects everything. */
    public static Predicate<JsonNode> labels(String selector) {
        Predicate<JsonNode> all = o -> true;
        for (String requirement : splitRequirements(selector)) {
            all = all.and(labelRequirement(requirement));
        }
        return all;
    }

    /** A field selector (`a.b=c,d!=e`); empty or null selects everything. */
    public static Predicate<JsonNode> fields(String selector) {
        Predicate<JsonNode> all = o -> true;
        if (selector == null || selector.isBlank()) {
            return all;
        }
        for (String requirement : selector.split(",")) {
            Matcher m = COMPARE.matcher(requirement);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid field selector requirement '" + requirement + "'");
            }
            String[] path = m.group(1).split("\\.");
            String value = m.group(3);
            boolean equal = !"!=".equals(m.group(2));
            all = all.and(o -> value.equals(text(o, path)) == equal);
        }
        return all;
    }

    private static String text(JsonNode object, String[] path) {
        JsonNode at = object;
        for (String part : path) {
            at = at == null ? null : at.get(part);
        }
        return at == null || at.isNull() ? "" : at.asText();
    }

    private static Predicate<JsonNode> labelRequirement(String requirement) {
        Matcher set = SET.matcher(requirement);
        if (set.matches()) {
            Set<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim)
                    .filter(v -> !v.isEmpty()).collect(Collectors.toSet());
            String key = set.group(1);
            boolean in = "in".equals(set.group(2));
            return o -> {
                String value = label(o, key);
                return in ? value != null && values.contains(value) : value == null || !values.contains(value);
            };
        }
        Matcher compare = COMPARE.matcher(requirement);
        if (compare.matches()) {
            String key = compare.group(1);
            String value = compare.group(3);
            boolean equal = !"!=".equals(compare.group(2));
            return o -> equal == value.equals(label(o, key));
        }
        Matcher exists = EXISTS.matcher(requirement);
        if (exists.matches()) {
            String key = exists.group(2);
            boolean negated = "!".equals(exists.group(1));
            return o -> negated == (label(o, key) == null);
        }
        throw new IllegalArgumentException("invalid label selector requirement '" + requirement + "'");
    }

    private static String label(JsonNode object, String key) {
        JsonNode value = object.path("metadata").path("labels").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitRequirements(String selector) {
        List<String> parts = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return parts;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
