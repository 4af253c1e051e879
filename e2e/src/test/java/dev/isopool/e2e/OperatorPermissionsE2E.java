package dev.isopool.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's ServiceAccount has exactly what `config/rbac/` grants, as the API server's authorizer decides
 * it (`kubectl auth can-i --as`): every verb of every rule there, and none of what it does not need. On the
 * local cluster the operator runs with this ServiceAccount's token, so a missing permission also fails the
 * other E2E tests.
 */
@ExtendWith(Clusters.class)
class OperatorPermissionsE2E {

    private static final String AS = "system:serviceaccount:isopool-system:isopool-operator";
    private static final String NAMESPACE = "e2e-permissions";

    private static Kubectl kubectl;

    @BeforeAll
    static void cluster() {
        TestCluster cluster = Clusters.current();
        new Pools(cluster.client(), NAMESPACE);
        kubectl = new Kubectl(cluster);
    }

    @Test
    void everyVerbOfConfigRbacIsAllowed() throws Exception {
        kubectl.require();
        ClusterRole role = Clusters.current().client().getKubernetesSerialization().unmarshal(
                Files.readString(Clusters.root().resolve("config/rbac/cluster_role.yaml")), ClusterRole.class);
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                                ? List.of("") : rule.getResourceNames();
                        for (String name : names) {
                            checked++;
                            if (!canI(verb, group, resource, name, NAMESPACE)) {
                                refused.add(verb + " " + resource + (name.isEmpty() ? "" : "/" + name));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 30, "the role's rules were read: " + checked + " checks");
        assertEquals(List.of(), refused, "refused to " + AS);
    }

    @ParameterizedTest(name = "{0} {2} in {3}")
    @CsvSource({
        "get,         '',                    secrets,                   e2e-permissions",
        "list,        '',                    secrets,                   kube-system",
        "delete,      '',                    pods,                      e2e-permissions",
        "create,      '',                    pods,                      kube-system",
        "create,      '',                    pods/exec,                 e2e-permissions",
        "get,         '',                    pods/log,                  e2e-permissions",
        "get,         '',                    configmaps,                e2e-permissions",
        "delete,      apps,                  deployments,               e2e-permissions",
        "create,      isopool.dev,           sandboxpools,              e2e-permissions",
        "update,      isopool.dev,           sandboxpools,              e2e-permissions",
        "delete,      isopool.dev,           sandboxpools,              e2e-permissions",
        "update,      isopool.dev,           sandboxpools/finalizers,   e2e-permissions",
        "create,      rbac.authorization.k8s.io, rolebindings,          e2e-permissions",
        "list,        apiextensions.k8s.io,  customresourcedefinitions, ''",
    })
    void whatItDoesNotNeedIsRefused(String verb, String group, String resource, String namespace)
            throws Exception {
        kubectl.require();
        assertFalse(canI(verb, group, resource, "", namespace), AS + " may " + verb + " " + resource + " in "
                + namespace);
    }

    /** `kubectl auth can-i VERB RESOURCE[.GROUP][/NAME] [--subresource=S] -n NS --as=...`: yes is exit 0. */
    private static boolean canI(String verb, String group, String resource, String name, String namespace)
            throws Exception {
        String[] parts = resource.split("/", 2);
        String target = parts[0] + (group.isEmpty() ? "" : "." + group) + (name.isEmpty() ? "" : "/" + name);
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, target, "--as=" + AS));
        if (parts.length == 2) {
            args.add("--subresource=" + parts[1]);
        }
        if (!namespace.isEmpty()) {
            args.add("--namespace=" + namespace);
        }
        Kubectl.Result r = kubectl.run(null, args.toArray(String[]::new));
        String answer = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        if (r.exit() == 0 && answer.equals("yes")) {
            return true;
        }
        if (r.exit() == 1 && answer.equals("no")) {
            return false;
        }
        throw new AssertionError("kubectl auth can-i " + String.join(" ", args) + " answered " + r.exit() + ":\n"
                + r.out());
    }
}
