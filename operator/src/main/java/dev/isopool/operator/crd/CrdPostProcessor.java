package dev.isopool.operator.crd;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Comparator;
import java.util.List;

/**
 * Finishes the generated CRD at build time (`quarkus.operator-sdk.crd.post-processor`): printer columns in the
 * order users read them (the generator sorts them by JSON path), `status.conditions` as a list keyed by `type`,
 * as Kubernetes API conventions ask, so server-side apply merges conditions instead of replacing them, and the
 * descriptions `kubectl explain sbp`, `sbp.spec` and `sbp.status` print (the generator only describes fields).
 */
public class CrdPostProcessor implements CRDPostProcessor {

    static final String ROOT_DESCRIPTION = "A pool of sandbox runtime pods that execute untrusted JavaScript and "
            + "WebAssembly in V8 isolates. The operator runs it as a hardened Deployment with a Service, a "
            + "PodDisruptionBudget and a NetworkPolicy that denies egress, and reports what it sees in "
            + "status.conditions (kubectl wait --for=condition=Ready sbp/NAME).";
    static final String SPEC_DESCRIPTION = "The desired pool. Every field has a default; `spec: {}` is a two-pod "
            + "pool of the default runtime image.";
    static final String STATUS_DESCRIPTION = "What the operator observed, written only by the operator.";
    static final List<String> COLUMN_ORDER = List.of("Ready", "Replicas", "Desired", "Lag-p99", "Slowdown", "Age");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            definition.getSpec().getVersions().forEach(version -> {
                List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
                if (columns != null) {
                    columns.sort(Comparator.comparingInt(c -> rank(c.getName())));
                }
                JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
                root.setDescription(ROOT_DESCRIPTION);
                root.setRequired(List.of("spec"));
                root.getProperties().get("spec").setDescription(SPEC_DESCRIPTION);
                JSONSchemaProps status = root.getProperties().get("status");
                JSONSchemaProps conditions = null;
                if (status != null) {
                    status.setDescription(STATUS_DESCRIPTION);
                    conditions = status.getProperties().get("conditions");
                }
                if (conditions != null) {
                    conditions.setXKubernetesListType("map");
                    conditions.setXKubernetesListMapKeys(List.of("type"));
                    // a list-map key must be required; so is status, per the conventions
                    conditions.getItems().getSchema().setRequired(List.of("status", "type"));
                }
            });
        }
        return crd;
    }

    private static int rank(String column) {
        int index = COLUMN_ORDER.indexOf(column);
        return index < 0 ? COLUMN_ORDER.size() : index;
    }
}
