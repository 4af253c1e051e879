package dev.isopool.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * What an IT against the Fabric8 mock API server (CRUD mode, started by the concrete class's
 * {@code @WithKubernetesTestServer}) and the operator in the test's Quarkus app needs: the client and
 * fixtures in a namespace of the class's own.
 */
abstract class MockApiServerIT {

    @Inject
    KubernetesClient client;

    PoolFixtures fixtures;

    /** The namespace this class's pools live in. */
    abstract String namespace();

    @BeforeEach
    void setUpFixtures() {
        fixtures = new PoolFixtures(client, namespace());
    }
}
