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
 * order users read them (the generator sorts them by JSON path), and `status.conditions` as a list keyed by
 * `type`, as Kubernetes API conventions ask, so server-side apply merges conditions instead of replacing them.
 */
public class CrdPostProcessor implements CRDPostProcessor {

    static final List<String> COLUMN_ORDER = List.of("Ready", "Replicas", "Desired", "Lag-p99", "Slowdown", "Age");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            definition.getSpec().getVersions().forEach(version -> {
                List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
                if (columns != null) {
                    columns.sort(Comparator.comparingInt(c -> rank(c.getName())));
                }
                JSONSchemaProps status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
                JSONSchemaProps conditions = status == null ? null : status.getProperties().get("conditions");
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
