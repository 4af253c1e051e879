package dev.isopool.operator.dependents;

import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;

/**
 * The runtime pods. Hardened: non-root, read-only root file system (temp on an emptyDir, where Javet also
 * unpacks its native library), no privilege escalation, no capabilities, RuntimeDefault seccomp, no service
 * account token, no service links in the environment. Requests equal limits (Guaranteed QoS).
 */
@KubernetesDependent(informer = @Informer(labelSelector = PoolPlan.MANAGED_SELECTOR))
public class RuntimeDeploymentDependent extends PlannedDependent<Deployment> {

    static final long RUNTIME_UID = 10001L;
    /** Javet unpacks 40 MB (V8) or 80 MB (Node) of native library into the temp directory at each start. */
    static final String TMP_SIZE = "256Mi";
    static final int DRAIN_SECONDS = 25;

    public RuntimeDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(PoolPlan plan) {
        return new DeploymentBuilder()
                .withMetadata(metadata(plan, plan.name()))
                .withNewSpec()
                    .withReplicas(plan.replicas())
                    .withNewSelector().withMatchLabels(plan.selectorLabels()).endSelector()
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                            .withMaxSurge(new IntOrString("25%"))
                            .withMaxUnavailable(new IntOrString(0))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(plan.labels())
                            .withAnnotations(Map.of(PoolPlan.CONFIG_HASH_ANNOTATION, plan.configHash()))
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(plan.name())
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            // SIGTERM drains in-flight work; allow the longest execution to finish.
                            .withTerminationGracePeriodSeconds(DRAIN_SECONDS + (plan.timeoutMs() + 999L) / 1000)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(RUNTIME_UID)
                                .withRunAsGroup(RUNTIME_UID)
                                .withFsGroup(RUNTIME_UID)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(plan))
                            .addNewVolume()
                                .withName("tmp")
                                .withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir()
                            .endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(PoolPlan plan) {
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity(plan.cpu()),
                "memory", new Quantity(plan.memory()));
        return new ContainerBuilder()
                .withName("runtime")
                .withImage(plan.image())
                .withImagePullPolicy(plan.imagePullPolicy())
                .addNewPort().withName("http").withContainerPort(PoolPlan.HTTP_PORT).withProtocol("TCP").endPort()
                .withEnv(plan.environment().entrySet().stream()
                        .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                        .toList())
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                // Start-up extracts the native library, creates the isolates and times the canary.
                .withStartupProbe(probe("/q/health/started", 2, 60))
                .withReadinessProbe(probe("/q/health/ready", 5, 2))
                .withLivenessProbe(probe("/q/health/live", 10, 3))
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withPrivileged(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop(List.of("ALL")).endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
