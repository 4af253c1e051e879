package dev.isopool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.autoscaler.PredictableProfile;
import dev.isopool.runtime.flags.RuntimeFlags;
import dev.isopool.runtime.flags.V8Flag;
import dev.isopool.runtime.flags.V8FlagTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The `predictable` profile is defined once (autoscaler's {@link PredictableProfile}) and the runtime does not
 * depend on that module; this module depends on both, so here the runtime's own flag table is asked to accept every
 * flag of it, where the operator puts them: NODE_OPTIONS with engine v8, ISOPOOL_V8_FLAGS with engine node.
 */
class PredictableProfileRuntimeTest {

    @Test
    void theRuntimeAcceptsEveryFlagOfTheProfileInNodeOptions() {
        RuntimeFlags flags = RuntimeFlags.fromEnvironment(Map.of("ISOPOOL_ENGINE", "v8",
                "NODE_OPTIONS", PredictableProfile.nodeOptions() + " --max-old-space-size=64"), V8FlagTable.bundled());
        assertEquals(PredictableProfile.FLAGS, flags.nodeOptionsV8().stream().map(V8Flag::render).toList());
        assertEquals(64, flags.heapMb());
    }

    @Test
    void theRuntimeAcceptsEveryFlagOfTheProfileInIsopoolV8FlagsWithEngineNode() {
        RuntimeFlags flags = RuntimeFlags.fromEnvironment(Map.of("ISOPOOL_ENGINE", "node",
                "NODE_OPTIONS", "--max-old-space-size=64", "ISOPOOL_V8_FLAGS", PredictableProfile.nodeOptions()),
                V8FlagTable.bundled());
        assertEquals(PredictableProfile.FLAGS, flags.runtimeV8().stream().map(V8Flag::render).toList());
        assertEquals(List.of(), flags.nodeJsOptions());
    }
}
