package dev.isopool.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.engine.ExecutionRequest;
import dev.isopool.runtime.engine.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the body of {@code POST /v1/execute} into an {@link ExecutionRequest}, or says what is wrong. */
public final class RequestParser {
    private static final Set<String> FIELDS = Set.of("code", "inputs", "timeoutMs", "cpuMs", "tenant", "modules");
    private static final int MAX_TENANT_CHARS = 256;
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private final ObjectMapper mapper;
    private final RuntimeSettings settings;

    public RequestParser(ObjectMapper mapper, RuntimeSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
    }

    /**
     * The inputs (up to 10,000 argument arrays) are checked for shape only, each an array and
     * their brackets matched, and handed on as the very characters of the request: the isolate
     * parses them, once, and answers 400 itself when what is inside them is not JSON. The other
     * fields are small and parsed here.
     */
    public ExecutionRequest parse(String body) {
        return parse((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #parse(String)} of the body's UTF-8 bytes, as they came. */
    public ExecutionRequest parse(byte[] body) {
        JsonNode code = null;
        JsonNode tenant = null;
        JsonNode timeoutMs = null;
        JsonNode cpuMs = null;
        JsonNode modules = null;
        String inputsJson = null;
        int inputCount = 0;
        for (JsonSkim.Member member : JsonSkim.members(body, "inputs", settings.maxInputs())) {
            switch (member.name()) {
                case "code" -> code = tree(body, member);
                case "tenant" -> tenant = tree(body, member);
                case "timeoutMs" -> timeoutMs = tree(body, member);
                case "cpuMs" -> cpuMs = tree(body, member);
                case "modules" -> modules = tree(body, member);
                case "inputs" -> {
                    if (member.arrays() >= 0) {
                        inputsJson = member.value(body);
                        inputCount = member.arrays();
                    } else if (tree(body, member).isNull()) {
                        inputsJson = null;
                        inputCount = 0;
                    } else {
                        throw new BadRequestException("'inputs' must be an array of argument arrays, e.g. [[1, 2], [3, 4]]");
                    }
                }
                default -> throw new BadRequestException("unknown field '" + member.name() + "'; the fields are " + FIELDS);
            }
        }
        if (code == null || !code.isTextual()) {
            throw new BadRequestException("'code' is required and must be a string");
        }
        return new ExecutionRequest(code.asText(), inputsJson, inputCount, tenant(tenant),
                limitMs("timeoutMs", timeoutMs, settings.timeoutMs()),
                limitMs("cpuMs", cpuMs, settings.cpuMs()), modules(modules));
    }

    /** A member's value, parsed in full. */
    private JsonNode tree(byte[] body, JsonSkim.Member member) {
        try {
            return mapper.readTree(body, member.from(), member.to() - member.from());
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: '" + member.name() + "' "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("the body could not be read: " + e.getMessage());
        }
    }

    /** A limit in milliseconds: the pod's own when absent, never above it. */
    private static int limitMs(String field, JsonNode node, int podLimit) {
        if (node == null || node.isNull()) {
            return podLimit;
        }
        if (!node.isIntegralNumber() || node.asLong() <= 0) {
            throw new BadRequestException("'" + field + "' must be a positive integer (milliseconds)");
        }
        return (int) Math.min(node.asLong(), podLimit);
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
            modules.add(WasmModule.of(name, bytes));
        }
        modules.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(modules);
    }
}
