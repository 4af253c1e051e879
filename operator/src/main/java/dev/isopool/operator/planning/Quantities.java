package dev.isopool.operator.planning;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.OptionalLong;

/** Parses Kubernetes quantities without throwing. */
final class Quantities {

    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private Quantities() {
    }

    /** The quantity in whole MiB, rounded down; empty when it is not a quantity. */
    static OptionalLong mebibytes(String quantity) {
        try {
            BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(quantity));
            return OptionalLong.of(bytes.divideToIntegralValue(MIB).longValueExact());
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the quantity is a positive amount. */
    static boolean positive(String quantity) {
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity)).signum() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
