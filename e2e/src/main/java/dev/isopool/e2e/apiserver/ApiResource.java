package dev.isopool.e2e.apiserver;

import java.util.List;

/** One resource the embedded API server serves, as discovery describes it. */
public record ApiResource(String group, String version, String plural, String singular, String kind,
        boolean namespaced, List<String> shortNames, List<String> categories, List<String> subresources) {

    /** The verbs of every resource here (the mock server implements them all). */
    public static final List<String> VERBS = List.of(
            "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The list path, optionally in a namespace: `/api/v1/namespaces/ns/pods`. */
    public String path(String namespace) {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespaced && namespace != null ? prefix + "/namespaces/" + namespace + "/" + plural : prefix + "/" + plural;
    }

    /** The resources built into Kubernetes that the project and kubectl use. */
    public static final List<ApiResource> BUILTIN = List.of(
            core("pods", "pod", "Pod", true, List.of("po"), List.of("all"), List.of("status", "log")),
            core("services", "service", "Service", true, List.of("svc"), List.of("all"), List.of("status")),
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), List.of()),
            core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), List.of()),
            core("events", "event", "Event", true, List.of("ev"), List.of(), List.of()),
            core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), List.of()),
            core("secrets", "secret", "Secret", true, List.of(), List.of(), List.of()),
            core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), List.of("status")),
            core("nodes", "node", "Node", false, List.of("no"), List.of(), List.of("status")),
            new ApiResource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"),
                    List.of("all"), List.of("status", "scale")),
            new ApiResource("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"),
                    List.of("all"), List.of("status", "scale")),
            new ApiResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget",
                    true, List.of("pdb"), List.of(), List.of("status")),
            new ApiResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
                    List.of("netpol"), List.of(), List.of()),
            new ApiResource("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(),
                    List.of()),
            new ApiResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(),
                    List.of()),
            new ApiResource("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), List.of(),
                    List.of()),
            new ApiResource("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true,
                    List.of(), List.of(), List.of()),
            new ApiResource("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false,
                    List.of(), List.of(), List.of()),
            new ApiResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
                    "ClusterRoleBinding", false, List.of(), List.of(), List.of()),
            new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                    "CustomResourceDefinition", false, List.of("crd", "crds"), List.of(), List.of("status")));

    private static ApiResource core(String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories, List<String> subresources) {
        return new ApiResource("", "v1", plural, singular, kind, namespaced, shortNames, categories, subresources);
    }
}
