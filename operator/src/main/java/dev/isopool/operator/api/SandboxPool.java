package dev.isopool.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A pool of sandbox runtime pods that execute untrusted JavaScript and WebAssembly in V8 isolates. The operator
 * turns it into a hardened Deployment, a Service, a PodDisruptionBudget and a NetworkPolicy, and reports what it
 * sees in `status.conditions`.
 */
@Group("isopool.dev")
@Version("v1alpha1")
@Plural("sandboxpools")
@ShortNames("sbp")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.replicas")
@AdditionalPrinterColumn(name = "Desired", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.desiredReplicas")
@AdditionalPrinterColumn(name = "Lag-p99", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.signals.eventLoopLagP99Ms")
@AdditionalPrinterColumn(name = "Slowdown", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.signals.workerSlowdown")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class SandboxPool extends CustomResource<SandboxPoolSpec, SandboxPoolStatus> implements Namespaced {

    @Override
    protected SandboxPoolSpec initSpec() {
        return new SandboxPoolSpec();
    }
}
