package dev.isopool.operator.reconciler;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Starts the mock API server but not the in-process operator: a packaged operator process does the work. */
public class ExternalOperatorProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.operator-sdk.start-operator", "false");
    }
}
