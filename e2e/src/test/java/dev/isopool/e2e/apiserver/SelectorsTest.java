package dev.isopool.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode object(String labels) throws Exception {
        return JSON.readTree(("{'metadata':{'name':'p','labels':" + labels + "},"
                + "'involvedObject':{'kind':'SandboxPool','name':'basic'}}").replace('\'', '"'));
    }

    @Test
    void equalitySetAndExistenceRequirements() throws Exception {
        JsonNode o = object("{'app':'runtime','tier':'a'}");
        assertTrue(Selectors.labels("app=runtime,tier in (a, b)").test(o));
        assertFalse(Selectors.labels("tier notin (a)").test(o));
        assertTrue(Selectors.labels("app,!missing").test(o));
        assertFalse(Selectors.labels("app!=runtime").test(o));
        assertTrue(Selectors.labels("").test(o));
    }

    @Test
    void fieldSelectorsReachAnyField() throws Exception {
        JsonNode o = object("{}");
        assertTrue(Selectors.fields("involvedObject.kind=SandboxPool,involvedObject.name=basic").test(o));
        assertFalse(Selectors.fields("metadata.name!=p").test(o));
    }

    @Test
    void printerColumnPathsWithFilters() throws Exception {
        JsonNode pool = JSON.readTree(("{'status':{'conditions':[{'type':'Progressing','status':'False'},"
                + "{'type':'Ready','status':'True'}],'signals':{'eventLoopLagP99Ms':12.5}}}").replace('\'', '"'));
        List<JsonNode> ready = JsonPathColumn.parse(".status.conditions[?(@.type==\"Ready\")].status")
                .evaluate(pool);
        assertEquals("True", ready.get(0).asText());
        assertEquals(12.5, JsonPathColumn.parse(".status.signals.eventLoopLagP99Ms").evaluate(pool).get(0)
                .asDouble());
        assertTrue(JsonPathColumn.parse(".status.desiredReplicas").evaluate(pool).isEmpty());
    }
}
