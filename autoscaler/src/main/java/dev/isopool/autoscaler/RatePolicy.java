package dev.isopool.autoscaler;

/**
 * One HPA scaling policy: at most `value` pods (PODS) or `value` percent (PERCENT) of the replicas at the start of
 * the trailing `periodSeconds` may be added (or removed) within that period.
 */
public record RatePolicy(Type type, int value, int periodSeconds) {

    /** What `value` counts. */
    public enum Type {
        PODS, PERCENT
    }

    public static RatePolicy pods(int value, int periodSeconds) {
        return new RatePolicy(Type.PODS, value, periodSeconds);
    }

    public static RatePolicy percent(int value, int periodSeconds) {
        return new RatePolicy(Type.PERCENT, value, periodSeconds);
    }

    @Override
    public String toString() {
        return (type == Type.PODS ? value + " pods" : value + "%") + " per " + periodSeconds + " s";
    }
}
