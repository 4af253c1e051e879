package dev.isopool.runtime.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The packaged runtime, started as a process, through its HTTP API. */
@QuarkusIntegrationTest
class ExecuteHttpIT {

    @Test
    void curlExampleFromTheReadme() {
        // curl -d sends application/x-www-form-urlencoded; the API accepts it as JSON.
        given().contentType("application/x-www-form-urlencoded").body("{\"code\":\"1+1\"}")
                .post("/v1/execute")
                .then().statusCode(200)
                .body("results[0].ok", equalTo(true))
                .body("results[0].value", equalTo(2));
    }

    /** curl -d with a body file: a form type over Quarkus' 2 KiB form-attribute cap is still JSON. */
    @Test
    void formTypedBodiesOfAnySizeUnderTheCapAreJson() {
        StringBuilder inputs = new StringBuilder("[");
        for (int i = 0; i < 2_000; i++) {
            inputs.append(i == 0 ? "" : ",").append("[[1,2,3,4,5,6,7,8],").append(i).append(",\"abcdef\"]");
        }
        String body = "{\"code\":\"(a, b, c) => a.length + b + c.length\",\"inputs\":" + inputs + "]}";
        given().contentType("application/x-www-form-urlencoded").body(body)
                .post("/v1/execute")
                .then().statusCode(200)
                .body("results", hasSize(2_000))
                .body("results[1999].value", equalTo(8 + 1999 + 6));
    }

    /**
     * A batch at the cap, 10,000 inputs, answers every one in one request; one input more is
     * refused before any code runs. The inputs reach V8 as the body's own bytes (RequestParser).
     */
    @Test
    void aBatchAtTheInputCapRunsWhole() {
        StringBuilder inputs = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            inputs.append(i == 0 ? "" : ",").append("[[1,2,3],").append(i).append(",\"ab\"]");
        }
        String code = "{\"code\":\"(a, b, c) => a.reduce((s, x) => s + x, b) + c.length\",\"inputs\":";
        given().body(code + inputs + "]}").post("/v1/execute")
                .then().statusCode(200)
                .body("results", hasSize(10_000))
                .body("results[0].value", equalTo(6 + 0 + 2))
                .body("results[9999].value", equalTo(6 + 9999 + 2));
        given().body(code + inputs + ",[[1],1,\"\"]]}").post("/v1/execute")
                .then().statusCode(400).body("error", containsString("has more than 10000 entries"));
    }

    /** The examples of issue 12 as a user tries them with curl. */
    @Test
    void consoleCpuLimitAndTimersAsAUserTriesThem() {
        given().body("{\"code\":\"console.log(\\\"hi\\\", {a: 1}); 2\"}").post("/v1/execute")
                .then().statusCode(200)
                .body("results[0].value", equalTo(2))
                .body("results[0].logs[0].level", equalTo("log"))
                .body("results[0].logs[0].message", equalTo("hi { a: 1 }"));
        given().body("{\"code\":\"while (true) {}\",\"cpuMs\":50}").post("/v1/execute")
                .then().statusCode(200)
                .body("results[0].error.type", equalTo("CpuLimitError"))
                .body("results[0].error.message", containsString("CPU-time limit of 50 ms"));
        given().body("{\"code\":\"new Promise(r => setTimeout(() => r(5), 10))\"}").post("/v1/execute")
                .then().statusCode(200)
                .body("results[0].value", equalTo(5));
    }

    @Test
    void functionModeOverInputs() {
        given().contentType("application/json")
                .body("{\"code\":\"(a, b, c) => a.reduce((acc, x) => acc + x, b) + c.length\","
                        + "\"inputs\":[[[1,2,3],4,\"xy\"],[[10],0,\"\"]],\"tenant\":\"t\"}")
                .post("/v1/execute")
                .then().statusCode(200)
                .body("results", hasSize(2))
                .body("results[0].value", equalTo(12))
                .body("results[1].value", equalTo(10));
    }

    @Test
    void malformedRequestsAre400WithAReason() {
        given().body("{\"code\":").post("/v1/execute")
                .then().statusCode(400).body("error", containsString("not valid JSON"));
        given().body("{\"code\":\"1\",\"inputs\":[1]}").post("/v1/execute")
                .then().statusCode(400).body("error", containsString("'inputs[0]' must be an array"));
        // What is inside the inputs only the isolate parses; it answers 400 all the same.
        given().body("{\"code\":\"x => x\",\"inputs\":[[1],[2,]]}").post("/v1/execute")
                .then().statusCode(400).body("error", containsString("not valid JSON: 'inputs'"));
    }

    @Test
    void oversizedRequestsAre413() {
        String big = "{\"code\":\"'" + "x".repeat(2 << 20) + "'\"}";
        given().body(big).post("/v1/execute").then().statusCode(413);
        given().contentType("application/x-www-form-urlencoded").body(big).post("/v1/execute").then().statusCode(413);
        given().body("{\"code\":\"1+1\"}").post("/v1/execute").then().statusCode(200);
    }

    @Test
    void hostileCodeGetsItsTypedErrorAndTheServiceStaysUp() {
        given().body("{\"code\":\"while (true) {}\",\"timeoutMs\":100}").post("/v1/execute")
                .then().statusCode(200).body("results[0].error.type", equalTo("TimeoutError"));
        given().body("{\"code\":\"const a = []; for (;;) a.push(new Array(1e5).fill(1))\"}").post("/v1/execute")
                .then().statusCode(200).body("results[0].error.type", equalTo("MemoryLimitError"));
        given().body("{\"code\":\"new Uint8Array(2 ** 31)\"}").post("/v1/execute")
                .then().statusCode(200).body("results[0].error.type", equalTo("MemoryLimitError"));
        given().body("{\"code\":\"6 * 7\"}").post("/v1/execute")
                .then().statusCode(200).body("results[0].value", equalTo(42));
    }
}
