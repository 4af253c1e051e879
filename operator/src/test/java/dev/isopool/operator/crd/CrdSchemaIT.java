package dev.isopool.operator.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.isopool.operator.api.SandboxPoolSpec;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.operator.planning.ResolvedSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD this build generated accepts every sample in config/samples and rejects a broken one. Unknown fields
 * are rejected too, as `kubectl apply --validate=strict` does (the API server would silently prune them).
 * Runs after `package`, when target/kubernetes holds the generated CRD.
 */
class CrdSchemaIT {

    static final Path CRD = Path.of("target/kubernetes/sandboxpools.isopool.dev-v1.yml");
    static final Path SAMPLES = Path.of("../config/samples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;
    private static JsonNode crd;

    @BeforeAll
    static void loadSchema() throws IOException {
        crd = YAML.readTree(CRD.toFile());
        ObjectNode openApi = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
        // the API server itself adds these to every custom resource's schema
        ObjectNode properties = (ObjectNode) openApi.get("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        strict(openApi);
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
    }

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void acceptsTheSample(Path sample) throws IOException {
        JsonNode doc = YAML.readTree(sample.toFile());
        assertEquals("isopool.dev/v1alpha1", doc.path("apiVersion").asText());
        assertEquals("SandboxPool", doc.path("kind").asText());
        assertEquals(Set.of(), messages(doc), sample.toString());
    }

    @Test
    void thereAreTheThreeSamples() throws IOException {
        assertEquals(List.of("basic.yaml", "node-engine.yaml", "wasm-heavy.yaml"),
                samples().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void rejectsABrokenSample() throws IOException {
        JsonNode broken = YAML.readTree(getClass().getResourceAsStream("/samples/broken.yaml"));
        String all = String.join("\n", messages(broken));
        for (String field : List.of("engine", "workersPerPod", "replica", "memory", "heapMb")) {
            assertTrue(all.contains(field), () -> field + " not reported in:\n" + all);
        }
    }

    @Test
    void declaresTheSubresourcesAndColumnsUsersRelyOn() {
        JsonNode version = crd.at("/spec/versions/0");
        assertEquals(".spec.replicas", version.at("/subresources/scale/specReplicasPath").asText());
        assertEquals(".status.replicas", version.at("/subresources/scale/statusReplicasPath").asText());
        assertEquals(".status.selector", version.at("/subresources/scale/labelSelectorPath").asText());
        assertTrue(version.at("/subresources/status").isObject());
        List<String> columns = StreamSupport.stream(version.get("additionalPrinterColumns").spliterator(), false)
                .map(c -> c.get("name").asText()).toList();
        assertEquals(List.of("Ready", "Replicas", "Desired", "Lag-p99", "Slowdown", "Age"), columns);
        assertEquals("sbp", crd.at("/spec/names/shortNames/0").asText());
    }

    @Test
    void schemaDefaultsAreTheOnesTheOperatorApplies() {
        // the API server applies the schema's defaults, the operator ResolvedSpec's: they must agree
        ResolvedSpec resolved = ResolvedSpec.of(new SandboxPoolSpec());
        JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
        assertEquals(resolved.replicas(), spec.at("/replicas/default").asInt());
        assertEquals(resolved.engine().wireName(), spec.at("/engine/default").asText());
        assertEquals(resolved.workersPerPod(), spec.at("/workersPerPod/default").asInt());
        assertEquals(resolved.timeoutMs(), spec.at("/limits/properties/timeoutMs/default").asInt());
        assertEquals(resolved.heapMb(), spec.at("/limits/properties/heapMb/default").asInt());
        assertEquals("predictable", spec.at("/v8/properties/profile/default").asText());
        assertEquals(V8Profile.PREDICTABLE, resolved.profile());
        assertEquals(resolved.cpu(), spec.at("/resources/properties/cpu/default").asText());
        assertEquals(resolved.memory(), spec.at("/resources/properties/memory/default").asText());
        assertEquals(resolved.autoscaling().enabled(), spec.at("/autoscaling/properties/enabled/default").asBoolean());
        assertEquals(resolved.autoscaling().minReplicas(),
                spec.at("/autoscaling/properties/minReplicas/default").asInt());
        assertEquals(resolved.autoscaling().maxReplicas(),
                spec.at("/autoscaling/properties/maxReplicas/default").asInt());
    }

    private static Set<String> messages(JsonNode doc) {
        return schema.validate(doc).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    /** Forbids fields the schema does not declare, wherever it declares properties. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(CrdSchemaIT::strict);
        }
    }
}
