package dev.isopool.operator.events;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.status.StatusEvents.PoolEvent;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/** Records Kubernetes events on a pool (`kubectl describe sbp`). Best effort: a failure is logged, never fatal. */
@ApplicationScoped
public class EventRecorder {

    static final String COMPONENT = "isopool-operator";
    private static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(SandboxPool pool, PoolEvent event) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = pool.getMetadata().getNamespace();
        String message = event.message() == null ? "" : event.message();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                        .withName(pool.getMetadata().getName() + "."
                                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
                        .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(pool.getApiVersion())
                            .withKind(pool.getKind())
                            .withName(pool.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(pool.getMetadata().getUid())
                            .withResourceVersion(pool.getMetadata().getResourceVersion())
                            .build())
                    .withType(event.type())
                    .withReason(event.reason())
                    .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not record event %s on %s/%s: %s", event.reason(), namespace,
                    pool.getMetadata().getName(), e.getMessage());
        }
    }
}
