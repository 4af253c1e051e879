package dev.isopool.runtime.engine;

/**
 * An execution was refused (HTTP 429): either the pod has {@code ISOPOOL_QUEUE_CAPACITY}
 * executions waiting ({@link Scope#POD}) or this request's tenant has
 * {@code ISOPOOL_MAX_QUEUED_PER_TENANT} of its own waiting ({@link Scope#TENANT}). The caller
 * should retry later; a tenant over its share is refused while other tenants are still admitted.
 */
public class SaturatedException extends RuntimeException {

    /** Who is over its share: the pod as a whole, or the request's tenant. */
    public enum Scope {
        POD("pod"), TENANT("tenant");

        /** The wire name, in the 429 body and the metrics' {@code reason} label. */
        public final String label;

        Scope(String label) {
            this.label = label;
        }
    }

    private final Scope scope;
    private final int limit;
    private final String tenant;

    /** {@code tenant} is the request's tenant, null for requests without one. */
    public SaturatedException(Scope scope, int limit, String tenant) {
        // No stack trace: a flooding tenant is refused hundreds of times a second, and the trace says nothing.
        super(message(scope, limit, tenant), null, false, false);
        this.scope = scope;
        this.limit = limit;
        this.tenant = tenant;
    }

    public Scope scope() {
        return scope;
    }

    /** The limit that was reached: executions waiting in the pod, or for the tenant. */
    public int limit() {
        return limit;
    }

    /** The request's tenant; null when it had none. */
    public String tenant() {
        return tenant;
    }

    private static String message(Scope scope, int limit, String tenant) {
        if (scope == Scope.POD) {
            return "saturated: the pod already has " + limit + " executions waiting (ISOPOOL_QUEUE_CAPACITY); retry later";
        }
        String who = tenant == null ? "requests without a tenant (they share one queue)" : "tenant '" + tenant + "'";
        return "saturated: " + who + " already ha" + (tenant == null ? "ve " : "s ") + limit
                + " executions waiting (ISOPOOL_MAX_QUEUED_PER_TENANT); retry later, other tenants are still admitted";
    }
}
