package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery documents (`/api`, `/apis`, `/apis/GROUP`, `/api/v1`, `/apis/GROUP/VERSION`) for the built-in
 * resources and for every CRD stored in the API server, in the legacy (unaggregated) form that every kubectl
 * understands; newer kubectl falls back to it when the server does not answer with aggregated discovery.
 */
final class Discovery {

    private final ObjectMapper json;
    private final String serverAddress;

    Discovery(ObjectMapper json, String serverAddress) {
        this.json = json;
        this.serverAddress = serverAddress;
    }

    /** Every resource served: the built-in ones, then those of the given CRDs (served versions). */
    static List<ApiResource> resources(List<JsonNode> crds) {
        List<ApiResource> all = new ArrayList<>(ApiResource.BUILTIN);
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            List<String> shortNames = strings(names.path("shortNames"));
            List<String> categories = strings(names.path("categories"));
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean(true)) {
                    continue;
                }
                List<String> subresources = new ArrayList<>();
                version.path("subresources").fieldNames().forEachRemaining(subresources::add);
                all.add(new ApiResource(spec.path("group").asText(), version.path("name").asText(),
                        names.path("plural").asText(), names.path("singular").asText(names.path("plural").asText()),
                        names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()), shortNames,
                        categories, subresources));
            }
        }
        return all;
    }

    /** The resource a request path names, if any: `/apis/apps/v1/namespaces/x/deployments/y` is deployments. */
    static Optional<ApiResource> resourceOf(List<ApiResource> resources, String path) {
        String[] parts = path.split("/");
        int at;
        String group;
        String version;
        if (parts.length > 3 && "api".equals(parts[1])) {
            group = "";
            version = parts[2];
            at = 3;
        } else if (parts.length > 4 && "apis".equals(parts[1])) {
            group = parts[2];
            version = parts[3];
            at = 4;
        } else {
            return Optional.empty();
        }
        if ("namespaces".equals(parts[at]) && parts.length > at + 2) {
            at += 2;
        }
        String plural = parts[at];
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    JsonNode apiVersions() {
        ObjectNode doc = json.createObjectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return doc;
    }

    JsonNode groupList(List<ApiResource> resources) {
        ObjectNode doc = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        groupVersions(resources).forEach((group, versions) -> groups.add(group(group, versions)));
        return doc;
    }

    Optional<JsonNode> group(List<ApiResource> resources, String name) {
        List<String> versions = groupVersions(resources).get(name);
        if (versions == null) {
            return Optional.empty();
        }
        return Optional.of(group(name, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    Optional<JsonNode> resourceList(List<ApiResource> resources, String group, String version) {
        List<ApiResource> in = resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
        if (in.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", in.get(0).groupVersion());
        ArrayNode list = doc.putArray("resources");
        for (ApiResource r : in) {
            ObjectNode entry = list.addObject()
                    .put("name", r.plural())
                    .put("singularName", r.singular())
                    .put("namespaced", r.namespaced())
                    .put("kind", r.kind());
            ArrayNode verbs = entry.putArray("verbs");
            ApiResource.VERBS.forEach(verbs::add);
            if (!r.shortNames().isEmpty()) {
                ArrayNode shortNames = entry.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
            if (!r.categories().isEmpty()) {
                ArrayNode categories = entry.putArray("categories");
                r.categories().forEach(categories::add);
            }
            for (String sub : r.subresources()) {
                ObjectNode subresource = list.addObject()
                        .put("name", r.plural() + "/" + sub)
                        .put("singularName", "")
                        .put("namespaced", r.namespaced())
                        .put("kind", "scale".equals(sub) ? "Scale" : r.kind());
                ArrayNode subVerbs = subresource.putArray("verbs");
                ("log".equals(sub) ? List.of("get") : List.of("get", "patch", "update")).forEach(subVerbs::add);
                if ("scale".equals(sub)) {
                    subresource.put("group", "autoscaling").put("version", "v1");
                }
            }
        }
        return Optional.of(doc);
    }

    private ObjectNode group(String name, List<String> versions) {
        ObjectNode group = json.createObjectNode().put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String v : versions) {
            list.addObject().put("groupVersion", name + "/" + v).put("version", v);
        }
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
                .put("version", versions.get(0));
        return group;
    }

    private static Map<String, List<String>> groupVersions(List<ApiResource> resources) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ApiResource r : resources) {
            if (!r.group().isEmpty()) {
                List<String> versions = groups.computeIfAbsent(r.group(), g -> new ArrayList<>());
                if (!versions.contains(r.version())) {
                    versions.add(r.version());
                }
            }
        }
        return groups;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
