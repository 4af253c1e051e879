package dev.isopool.e2e.apiserver;

import java.util.Optional;

/** A resource request path taken apart: `/apis/apps/v1/namespaces/ns/deployments/name/status`. */
record RequestPath(ApiResource resource, String namespace, String name, String subresource) {

    static Optional<RequestPath> parse(java.util.List<ApiResource> resources, String path) {
        Optional<ApiResource> resource = Discovery.resourceOf(resources, path);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = path.split("/");
        int at = "api".equals(parts[1]) ? 3 : 4;
        String namespace = null;
        if ("namespaces".equals(parts[at]) && parts.length > at + 2 && !"namespaces".equals(resource.get().plural())) {
            namespace = parts[at + 1];
            at += 2;
        }
        String name = parts.length > at + 1 ? parts[at + 1] : null;
        String subresource = parts.length > at + 2 ? parts[at + 2] : null;
        return Optional.of(new RequestPath(resource.get(), namespace, name, subresource));
    }

    boolean isCollection() {
        return name == null;
    }

    /** The path of the object itself, without a subresource. */
    String objectPath() {
        return resource.path(namespace) + "/" + name;
    }
}
