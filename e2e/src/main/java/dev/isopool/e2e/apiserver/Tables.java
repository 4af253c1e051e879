package dev.isopool.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-side printing (`meta.k8s.io/v1` Table) as kubectl asks for it: the columns a real API server prints
 * for pods, deployments, services and events, a CRD's `additionalPrinterColumns` for its custom resources, and
 * Name/Age for the rest. Without it kubectl shows NAME and AGE only.
 */
final class Tables {

    private record Column(String name, String type, String format, int priority, Function<JsonNode, Object> cell) {
    }

    private final ObjectMapper json;

    Tables(ObjectMapper json) {
        this.json = json;
    }

    /** A Table of the given objects, with each full object in its row. */
    ObjectNode table(ApiResource resource, Optional<JsonNode> crd, List<JsonNode> objects, String resourceVersion,
            Instant now) {
        List<Column> columns = columns(resource, crd, now);
        ObjectNode table = json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.name()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                cells.addPOJO(c.cell().apply(object));
            }
            row.set("object", object);
        }
        return table;
    }

    private List<Column> columns(ApiResource resource, Optional<JsonNode> crd, Instant now) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name", 0, o -> o.path("metadata").path("name").asText()));
        Column age = new Column("Age", "string", "", 0, o -> age(o.path("metadata").path("creationTimestamp"), now));
        switch (resource.groupVersion() + "/" + resource.kind()) {
            case "v1/Pod" -> {
                columns.add(new Column("Ready", "string", "", 0, Tables::podReady));
                columns.add(new Column("Status", "string", "", 0, Tables::podStatus));
                columns.add(new Column("Restarts", "integer", "", 0, Tables::podRestarts));
                columns.add(age);
                columns.add(new Column("IP", "string", "", 1, o -> text(o.path("status").path("podIP"), "<none>")));
                columns.add(new Column("Node", "string", "", 1, o -> text(o.path("spec").path("nodeName"), "<none>")));
            }
            case "apps/v1/Deployment" -> {
                columns.add(new Column("Ready", "string", "", 0, o -> o.path("status").path("readyReplicas").asInt()
                        + "/" + o.path("spec").path("replicas").asInt(1)));
                columns.add(new Column("Up-to-date", "integer", "", 0,
                        o -> o.path("status").path("updatedReplicas").asInt()));
                columns.add(new Column("Available", "integer", "", 0,
                        o -> o.path("status").path("availableReplicas").asInt()));
                columns.add(age);
                columns.add(new Column("Containers", "string", "", 1, o -> joined(o, "name")));
                columns.add(new Column("Images", "string", "", 1, o -> joined(o, "image")));
            }
            case "v1/Service" -> {
                columns.add(new Column("Type", "string", "", 0, o -> text(o.path("spec").path("type"), "ClusterIP")));
                columns.add(new Column("Cluster-IP", "string", "", 0,
                        o -> text(o.path("spec").path("clusterIP"), "<pending>")));
                columns.add(new Column("External-IP", "string", "", 0, o -> "<none>"));
                columns.add(new Column("Port(s)", "string", "", 0, Tables::servicePorts));
                columns.add(age);
            }
            case "v1/Event", "events.k8s.io/v1/Event" -> {
                columns.clear();
                columns.add(new Column("Last Seen", "string", "", 0, o -> age(firstPresent(o.path("lastTimestamp"),
                        o.path("eventTime"), o.path("metadata").path("creationTimestamp")), now)));
                columns.add(new Column("Type", "string", "", 0, o -> o.path("type").asText()));
                columns.add(new Column("Reason", "string", "", 0, o -> o.path("reason").asText()));
                columns.add(new Column("Object", "string", "", 0, o -> {
                    JsonNode ref = o.has("involvedObject") ? o.path("involvedObject") : o.path("regarding");
                    return ref.path("kind").asText().toLowerCase() + "/" + ref.path("name").asText();
                }));
                columns.add(new Column("Message", "string", "", 0,
                        o -> o.has("message") ? o.path("message").asText() : o.path("note").asText()));
            }
            default -> {
                if (crd.isPresent()) {
                    columns.addAll(printerColumns(crd.get(), resource.version(), now));
                } else {
                    columns.add(age);
                }
            }
        }
        return columns;
    }

    private static List<Column> printerColumns(JsonNode crd, String version, Instant now) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (!version.equals(v.path("name").asText())) {
                continue;
            }
            for (JsonNode pc : v.path("additionalPrinterColumns")) {
                JsonPathColumn path = JsonPathColumn.parse(pc.path("jsonPath").asText());
                String type = pc.path("type").asText("string");
                boolean date = "date".equals(type);
                columns.add(new Column(pc.path("name").asText(), date ? "string" : type, pc.path("format").asText(""),
                        pc.path("priority").asInt(0), o -> {
                            List<JsonNode> values = path.evaluate(o);
                            if (values.isEmpty()) {
                                return null;
                            }
                            JsonNode value = values.get(0);
                            if (date) {
                                return age(value, now);
                            }
                            return value.isNumber() || value.isBoolean() ? value : value.asText();
                        }));
            }
        }
        if (columns.isEmpty()) {
            columns.add(new Column("Age", "string", "", 0,
                    o -> age(o.path("metadata").path("creationTimestamp"), now)));
        }
        return columns;
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            if (cs.path("ready").asBoolean()) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    private static String podStatus(JsonNode pod) {
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        }
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            JsonNode state = cs.path("state");
            if (state.has("waiting") && !state.path("waiting").path("reason").asText().isEmpty()) {
                return state.path("waiting").path("reason").asText();
            }
            if (state.has("terminated")) {
                return state.path("terminated").path("reason").asText("Terminated");
            }
        }
        return pod.path("status").path("phase").asText("Pending");
    }

    private static int podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            restarts += cs.path("restartCount").asInt();
        }
        return restarts;
    }

    private static String servicePorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : service.path("spec").path("ports")) {
            ports.add(p.path("port").asInt() + "/" + p.path("protocol").asText("TCP"));
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    private static String joined(JsonNode deployment, String field) {
        List<String> values = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("containers")
                .forEach(c -> values.add(c.path(field).asText()));
        return String.join(",", values);
    }

    private static JsonNode firstPresent(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && !n.isMissingNode() && !n.isNull() && !n.asText().isEmpty()) {
                return n;
            }
        }
        return nodes[nodes.length - 1];
    }

    private static String text(JsonNode node, String otherwise) {
        return node == null || node.isMissingNode() || node.isNull() || node.asText().isEmpty()
                ? otherwise : node.asText();
    }

    /** kubectl's human duration: 45s, 3m12s, 47m, 5h3m, 2d4h, 30d. */
    static String age(JsonNode timestamp, Instant now) {
        if (timestamp == null || timestamp.isMissingNode() || timestamp.isNull() || timestamp.asText().isEmpty()) {
            return "<unknown>";
        }
        try {
            return human(Duration.between(Instant.parse(timestamp.asText()), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long days = h / 24;
        if (days < 8) {
            return days + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
        }
        return days + "d";
    }
}
