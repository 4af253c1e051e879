package dev.isopool.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every E2E class the same cluster, started once per run and stopped when the run ends: the local
 * cluster, or the real one KUBECONFIG points at.
 */
public final class Clusters implements BeforeAllCallback {

    private static TestCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        get(context);
    }

    static synchronized TestCluster get(ExtensionContext context) throws Exception {
        if (cluster == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            cluster = kubeconfig != null && !kubeconfig.isBlank() ? new RealTestCluster()
                    : new LocalTestCluster(root());
            TestCluster started = cluster;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Clusters.class.getName(),
                    (ExtensionContext.Store.CloseableResource) started::close);
        }
        return cluster;
    }

    static synchronized TestCluster current() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster: annotate the class with @ExtendWith(Clusters.class)");
        }
        return cluster;
    }

    static Path root() {
        return Path.of(System.getProperty("isopool.root", "..")).toAbsolutePath().normalize();
    }
}
