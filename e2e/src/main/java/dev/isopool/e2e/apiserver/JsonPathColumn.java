package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset of CRD printer columns: `.a.b`, `.a[0]`, `.a[*].b` and filters such as
 * `.status.conditions[?(@.type=="Ready")].status`. Evaluates to the matching values, in order.
 */
public final class JsonPathColumn {

    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]|\\[\\*]|\\[\\?\\(@\\.([A-Za-z0-9_.\\-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    private final String expression;
    private final List<Matcher> steps;

    private JsonPathColumn(String expression, List<Matcher> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Parses a column expression; rejects what this subset does not cover. */
    public static JsonPathColumn parse(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        List<Matcher> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int at = 0;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported JSONPath '" + expression + "' at " + path.substring(at));
            }
            steps.add(STEP.matcher(path.substring(m.start(), m.end())));
            at = m.end();
        }
        steps.forEach(Matcher::matches);
        return new JsonPathColumn(expression, steps);
    }

    public List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Matcher step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step.group(1) != null) {
                    add(next, node.get(step.group(1)));
                } else if (step.group(2) != null) {
                    add(next, node.isArray() ? node.get(Integer.parseInt(step.group(2))) : null);
                } else if (step.group(3) != null) {
                    if (node.isArray()) {
                        node.forEach(e -> {
                            JsonNode field = field(e, step.group(3));
                            if (field != null && field.isValueNode() && step.group(4).equals(field.asText())) {
                                next.add(e);
                            }
                        });
                    }
                } else if (node.isArray()) {
                    node.forEach(next::add);
                }
            }
            current = next;
        }
        return current;
    }

    private static JsonNode field(JsonNode node, String dotted) {
        JsonNode at = node;
        for (String part : dotted.split("\\.")) {
            at = at == null ? null : at.get(part);
        }
        return at;
    }

    private static void add(List<JsonNode> to, JsonNode node) {
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            to.add(node);
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
