package dev.isopool.operator.dependents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuntimeDeploymentDependentTest {

    private final RuntimeDeploymentDependent dependent = new RuntimeDeploymentDependent();

    private Deployment render(PoolPlan plan) {
        return dependent.desired(plan);
    }

    @Test
    void runsTheRuntimeWithThePlannedEnvironmentAndResources() {
        Deployment deployment = render(TestingPools.plan(TestingPools.pool("basic", s -> s.setReplicas(3))));
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("--no-liftoff --no-wasm-lazy-compilation --max-old-space-size=64", env.get("NODE_OPTIONS"));
        assertEquals("2", env.get("ISOPOOL_WORKERS"));
        assertEquals("v8", env.get("ISOPOOL_ENGINE"));
        assertEquals("1000", env.get("ISOPOOL_TIMEOUT_MS"));
        assertEquals("1000", env.get("ISOPOOL_CPU_MS"));
        assertEquals("65536", env.get("ISOPOOL_MAX_LOG_BYTES"));
        assertEquals("32", env.get("ISOPOOL_MAX_QUEUED_PER_TENANT"));
        assertEquals(TestingPools.IMAGE, c.getImage());
        assertEquals(3, deployment.getSpec().getReplicas());
        Map<String, Quantity> expected = Map.of("cpu", new Quantity("2"), "memory", new Quantity("538Mi"));
        assertEquals(expected, c.getResources().getRequests());
        assertEquals(expected, c.getResources().getLimits());
        assertEquals("basic", deployment.getMetadata().getName());
        assertEquals("sandbox", deployment.getMetadata().getNamespace());
    }

    @Test
    void probesTheRuntimeHealthEndpoints() {
        Container c = render(TestingPools.plan(TestingPools.pool("p"))).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8080, c.getPorts().get(0).getContainerPort());
        assertEquals("http", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
    }

    @Test
    void isHardened() {
        PodSpec pod = render(TestingPools.plan(TestingPools.pool("p"))).getSpec().getTemplate().getSpec();
        assertFalse(pod.getAutomountServiceAccountToken());
        assertFalse(pod.getEnableServiceLinks());
        assertEquals("p", pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        SecurityContext sc = pod.getContainers().get(0).getSecurityContext();
        assertTrue(sc.getRunAsNonRoot());
        assertTrue(sc.getReadOnlyRootFilesystem());
        assertFalse(sc.getAllowPrivilegeEscalation());
        assertFalse(sc.getPrivileged());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
        assertEquals("/tmp", pod.getContainers().get(0).getVolumeMounts().get(0).getMountPath());
        assertEquals("tmp", pod.getVolumes().get(0).getName());
        assertTrue(pod.getVolumes().get(0).getEmptyDir() != null);
    }

    @Test
    void aFlagChangeChangesThePodTemplateHash() {
        String before = hash(render(TestingPools.plan(TestingPools.pool("p"))));
        String after = hash(render(TestingPools.plan(TestingPools.pool("p",
                s -> s.setV8(TestingPools.flags("--no-opt"))))));
        assertNotEquals(before, after);
    }

    @Test
    void selectsItsPodsByPool() {
        Deployment d = render(TestingPools.plan(TestingPools.pool("p")));
        assertEquals(Map.of("app.kubernetes.io/name", "isopool-runtime", "isopool.dev/pool", "p"),
                d.getSpec().getSelector().getMatchLabels());
        assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
        assertEquals("isopool-operator", d.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    }

    private static String hash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(PoolPlan.CONFIG_HASH_ANNOTATION);
    }
}
