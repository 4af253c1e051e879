package dev.isopool.operator.reconciler;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Writes a pool's status through the SDK's resource operations (which keep its cache current): server-side
 * apply where the API server has it, otherwise a JSON Patch of the status subresource computed against the
 * cached pool (a merge patch would leave list merging to the server, and the mock server merges lists badly).
 */
final class StatusWriter {

    private final boolean serverSideApply;

    StatusWriter(boolean serverSideApply) {
        this.serverSideApply = serverSideApply;
    }

    SandboxPool write(Context<SandboxPool> context, SandboxPool pool, SandboxPoolStatus status) {
        if (!serverSideApply) {
            return context.resourceOperations().jsonPatchPrimaryStatus(pool, copy -> {
                copy.setStatus(status);
                return copy;
            });
        }
        SandboxPool patch = new SandboxPool();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(pool.getMetadata().getName())
                .withNamespace(pool.getMetadata().getNamespace())
                .build());
        patch.setSpec(null);
        patch.setStatus(status);
        return context.resourceOperations().serverSideApplyPrimaryStatus(patch);
    }
}
