package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryPlanTest {

    @ParameterizedTest(name = "base {0} + {1} x ({2} + 32) -> required {3}, planned {4}")
    @CsvSource({
            // jvmBase, workers, heapMb, required, planned = ceil(required x 1.2)
            "256, 2, 64, 448, 538",
            "256, 1, 64, 352, 423",
            "256, 4, 128, 896, 1076",
            "256, 8, 256, 2560, 3072",
            "512, 2, 64, 704, 845",
            "256, 64, 16384, 1050880, 1261056",
    })
    void followsTheSeedFormula(long base, int workers, int heapMb, long required, long planned) {
        MemoryPlan plan = new MemoryPlan(base);
        assertEquals(required, plan.requiredMib(workers, heapMb));
        assertEquals(planned, plan.plannedMib(workers, heapMb));
    }

    @Test
    void javaHeapIsHalfTheJvmBase() {
        assertEquals(128, new MemoryPlan(256).javaHeapMib());
    }

    @Test
    void refusesAJvmBaseTooSmallToRunAJvm() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(32));
    }
}
