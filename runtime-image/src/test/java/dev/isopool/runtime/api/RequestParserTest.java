package dev.isopool.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.engine.ExecutionRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {
    static final RuntimeSettings SETTINGS = new RuntimeSettings("v8", 1, 1000, 500, 8, 2, 1 << 20, 1 << 20, 1 << 16, 10_000);
    static final RequestParser PARSER = new RequestParser(new ObjectMapper(), SETTINGS);

    static Stream<Arguments> malformed() {
        String tooMany = "{\"code\":\"x=>x\",\"inputs\":[" + "[1],".repeat(10_000) + "[1]]}";
        return Stream.of(
                Arguments.of("", "must be a JSON object"),
                Arguments.of("nonsense", "must be a JSON object"),
                Arguments.of("{\"code\":", "not valid JSON"),
                Arguments.of("{\"code\":\"1\"} trailing", "not valid JSON"),
                Arguments.of("[1,2]", "must be a JSON object"),
                Arguments.of("{}", "'code' is required"),
                Arguments.of("{\"code\":42}", "'code' is required and must be a string"),
                Arguments.of("{\"code\":\"1\",\"timeout\":5}", "unknown field 'timeout'"),
                Arguments.of("{\"code\":\"1\",\"inputs\":{}}", "'inputs' must be an array"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1],2]}", "'inputs[1]' must be an array"),
                Arguments.of(tooMany, "has more than 10000 entries"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1],\"x\"]}", "'inputs[1]' must be an array"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1],[2]", "not valid JSON: expected ',' or ']' after inputs[1] (at the end"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1],[2", "not valid JSON: an array or object is not closed"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1}]}", "not valid JSON: '}' where ']' should close"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[1] [2]]}", "not valid JSON: expected ',' or ']' after inputs[0]"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[[\"a]]}", "not valid JSON: a string is not closed"),
                Arguments.of("{\"code\":\"1\",\"inputs\":[" + "[".repeat(1001) + "]".repeat(1001) + "]}",
                        "nest deeper than 1000 levels"),
                Arguments.of("{\"code\":\"1\" \"tenant\":\"t\"}", "expected ',' or '}' after the field 'code'"),
                Arguments.of("{\"code\":\"1\",}", "expected a field name"),
                Arguments.of("{\"code\" \"1\"}", "expected ':' after the field name 'code'"),
                Arguments.of("{\"code\":\"1\",\"timeoutMs\":5x}", "not valid JSON: 'timeoutMs'"),
                Arguments.of("{\"code\":\"abc", "not valid JSON: a string is not closed"),
                Arguments.of("{\"code\":\"1\"}}", "trailing content"),
                Arguments.of("{\"code\":\"1\",\"timeoutMs\":-5}", "'timeoutMs' must be a positive integer"),
                Arguments.of("{\"code\":\"1\",\"timeoutMs\":\"fast\"}", "'timeoutMs' must be a positive integer"),
                Arguments.of("{\"code\":\"1\",\"cpuMs\":0}", "'cpuMs' must be a positive integer"),
                Arguments.of("{\"code\":\"1\",\"cpuMs\":1.5}", "'cpuMs' must be a positive integer"),
                Arguments.of("{\"code\":\"1\",\"tenant\":7}", "'tenant' must be a non-empty string"),
                Arguments.of("{\"code\":\"1\",\"tenant\":\"\"}", "'tenant' must be a non-empty string"),
                Arguments.of("{\"code\":\"1\",\"modules\":[]}", "'modules' must be an object"),
                Arguments.of("{\"code\":\"1\",\"modules\":{\"m\":\"***\"}}", "'modules.m' is not valid base64"),
                Arguments.of("{\"code\":\"1\",\"modules\":{\"m\":\"aGVsbG8gd29ybGQ=\"}}", "'modules.m' is not a WebAssembly binary"),
                Arguments.of("{\"code\":\"1\",\"modules\":{\"m\":5}}", "'modules.m' must be a base64 string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void saysWhatIsWrong(String body, String fragment) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> PARSER.parse(body));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /** Inside the inputs only the brackets are checked: the isolate parses them and says what else is wrong. */
    @Test
    void theInputsAreHandedOnAsTheyAreWritten() {
        String inputs = "[[1,,2], [\"q\\\"]\", {\"k\": [\"}\"]}], [nul]]";
        ExecutionRequest r = PARSER.parse("{\"code\":\"x=>x\",\"inputs\":" + inputs + "}");
        assertEquals(inputs, r.inputsJson());
        assertEquals(3, r.inputCount());
    }

    @Test
    void escapedFieldNamesAreDecoded() {
        assertEquals("1+1", PARSER.parse("{\"co\\u0064e\":\"1+1\"}").code());
    }

    @Test
    void scriptMode() {
        ExecutionRequest r = PARSER.parse("{\"code\":\"1+1\"}");
        assertNull(r.inputsJson());
        assertEquals(1, r.resultCount());
        assertEquals(1000, r.timeoutMs());
    }

    @Test
    void timeoutIsCappedByTheRuntimeMaximum() {
        assertEquals(1000, PARSER.parse("{\"code\":\"1\",\"timeoutMs\":60000}").timeoutMs());
        assertEquals(50, PARSER.parse("{\"code\":\"1\",\"timeoutMs\":50}").timeoutMs());
    }

    @Test
    void cpuLimitDefaultsToAndIsCappedByTheRuntimeMaximum() {
        assertEquals(500, PARSER.parse("{\"code\":\"1\"}").cpuMs());
        assertEquals(500, PARSER.parse("{\"code\":\"1\",\"cpuMs\":60000}").cpuMs());
        assertEquals(50, PARSER.parse("{\"code\":\"1\",\"cpuMs\":50}").cpuMs());
    }

    @Test
    void anonymousRequestsNeverShareAContext() {
        ExecutionRequest a = PARSER.parse("{\"code\":\"1\"}");
        ExecutionRequest b = PARSER.parse("{\"code\":\"1\"}");
        assertTrue(!a.key().equals(b.key()));
        ExecutionRequest c = PARSER.parse("{\"code\":\"1\",\"tenant\":\"t\"}");
        ExecutionRequest d = PARSER.parse("{\"code\":\"1\",\"tenant\":\"t\"}");
        assertEquals(c.key(), d.key());
    }

    @Test
    void functionModeWithModules() {
        ExecutionRequest r = PARSER.parse("{\"code\":\"x=>x\",\"inputs\":[[1],[2]],\"modules\":{\"m\":\"AGFzbQEAAAA=\"}}");
        assertEquals(2, r.inputCount());
        assertEquals("[[1],[2]]", r.inputsJson());
        ExecutionRequest spaced = PARSER.parse("{\"inputs\" : [ [1, \"a]\"] ,[ {\"x\":[2]} ] ] ,\"code\":\"x=>x\"}");
        assertEquals("[ [1, \"a]\"] ,[ {\"x\":[2]} ] ]", spaced.inputsJson());
        assertEquals(2, spaced.inputCount());
        ExecutionRequest empty = PARSER.parse("{\"code\":\"x=>x\",\"inputs\":[ ]}");
        assertEquals(0, empty.inputCount());
        assertNull(PARSER.parse("{\"code\":\"x=>x\",\"inputs\":null}").inputsJson());
        assertEquals("m", r.modules().get(0).name());
        assertEquals(64, r.modules().get(0).sha256().length());
    }
}
