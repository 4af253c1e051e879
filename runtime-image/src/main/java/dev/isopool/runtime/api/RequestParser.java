package dev.isopool.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.engine.ContextKey;
import dev.isopool.runtime.engine.ExecutionRequest;
import dev.isopool.runtime.engine.WasmModule;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the body of {@code POST /v1/execute} into an {@link ExecutionRequest}, or says what is wrong. */
public final class RequestParser {
    private static final Set<String> FIELDS = Set.of("code", "inputs", "timeoutMs", "tenant", "modules");
    private static final int MAX_TENANT_CHARS = 256;
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private final ObjectMapper mapper;
    private final RuntimeSettings settings;

    public RequestParser(ObjectMapper mapper, RuntimeSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
    }

    public ExecutionRequest parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("the body must be a JSON object with at least a 'code' field");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "'; the fields are " + FIELDS);
            }
        }
        JsonNode code = root.get("code");
        if (code == null || !code.isTextual()) {
            throw new BadRequestException("'code' is required and must be a string");
        }
        String inputsJson = null;
        int inputCount = 0;
        JsonNode inputs = root.get("inputs");
        if (inputs != null && !inputs.isNull()) {
            if (!inputs.isArray()) {
                throw new BadRequestException("'inputs' must be an array of argument arrays, e.g. [[1, 2], [3, 4]]");
            }
            inputCount = inputs.size();
            if (inputCount > settings.maxInputs()) {
                throw new BadRequestException("'inputs' has " + inputCount + " entries; at most "
                        + settings.maxInputs() + " are allowed per request");
            }
            for (int i = 0; i < inputCount; i++) {
                if (!inputs.get(i).isArray()) {
                    throw new BadRequestException("'inputs[" + i + "]' must be an array of arguments");
                }
            }
            inputsJson = inputs.toString();
        }
        return new ExecutionRequest(code.asText(), inputsJson, inputCount, tenant(root.get("tenant")),
                timeout(root.get("timeoutMs")), modules(root.get("modules")));
    }

    private int timeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return settings.timeoutMs();
        }
        if (!node.isIntegralNumber() || node.asLong() <= 0) {
            throw new BadRequestException("'timeoutMs' must be a positive integer (milliseconds)");
        }
        return (int) Math.min(node.asLong(), settings.timeoutMs());
    }

    private static String tenant(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_TENANT_CHARS) {
            throw new BadRequestException("'tenant' must be a non-empty string of at most " + MAX_TENANT_CHARS + " characters");
        }
        return node.asText();
    }

    private static List<WasmModule> modules(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new BadRequestException("'modules' must be an object mapping names to base64 WebAssembly binaries");
        }
        List<WasmModule> modules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (!entry.getValue().isTextual()) {
                throw new BadRequestException("'modules." + name + "' must be a base64 string");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.getValue().asText().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'modules." + name + "' is not valid base64: " + e.getMessage());
            }
            if (bytes.length < 8 || bytes[0] != WASM_MAGIC[0] || bytes[1] != WASM_MAGIC[1]
                    || bytes[2] != WASM_MAGIC[2] || bytes[3] != WASM_MAGIC[3]) {
                throw new BadRequestException("'modules." + name + "' is not a WebAssembly binary (no \\0asm header)");
            }
            modules.add(new WasmModule(name, ContextKey.sha256(bytes), bytes));
        }
        modules.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(modules);
    }
}
