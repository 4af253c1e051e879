package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386) for the embedded API server, which the mock server approximates with a Jackson
 * update (arrays appended, nulls kept). A strategic merge patch from kubectl is applied as a merge patch after its
 * `$`-directives are removed: lists are replaced rather than merged by key, which is what kubectl's patches for
 * the objects of this project (custom resources, namespaces, CRDs) need.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** The target with the patch applied; neither argument is changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /** A strategic merge patch without its directives (`$patch`, `$retainKeys`, `$setElementOrder/...`). */
    public static JsonNode withoutDirectives(JsonNode patch) {
        JsonNode copy = patch.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            List<String> directives = new ArrayList<>();
            node.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("$")) {
                    directives.add(name);
                }
            });
            ((ObjectNode) node).remove(directives);
            node.elements().forEachRemaining(MergePatch::strip);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(MergePatch::strip);
        }
    }
}
