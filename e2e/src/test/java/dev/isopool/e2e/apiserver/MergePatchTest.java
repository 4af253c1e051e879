package dev.isopool.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void followsRfc7386() throws Exception {
        JsonNode target = json("{'a':'b','c':{'d':'e','f':'g'},'list':[1,2,3]}");
        JsonNode patch = json("{'a':'z','c':{'f':null},'list':[4]}");
        assertEquals(json("{'a':'z','c':{'d':'e'},'list':[4]}"), MergePatch.apply(target, patch));
    }

    @Test
    void kubectlsStrategicDirectivesAreDropped() throws Exception {
        JsonNode patch = json("{'spec':{'$setElementOrder/containers':[{'name':'x'}],'v8':{'flags':['--a']},"
                + "'$retainKeys':['v8']}}");
        assertEquals(json("{'spec':{'v8':{'flags':['--a']}}}"), MergePatch.withoutDirectives(patch));
    }
}
