package dev.isopool.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's per-tenant queue wait totals ({@code isopool_tenant_queue_wait_seconds} count and
 * sum by tenant) read from one scrape of {@code /q/metrics}: the wait inside the pod, apart from
 * what HTTP and the load generator add to a request's latency.
 */
record QueueWaits(Map<String, Double> counts, Map<String, Double> sums) {
    private static final Pattern LINE = Pattern.compile(
            "^isopool_tenant_queue_wait_seconds_(count|sum)\\{tenant=\"([^\"]*)\"} (\\S+)$", Pattern.MULTILINE);

    static QueueWaits of(String prometheusText) {
        Map<String, Double> counts = new HashMap<>();
        Map<String, Double> sums = new HashMap<>();
        Matcher m = LINE.matcher(prometheusText);
        while (m.find()) {
            (m.group(1).equals("count") ? counts : sums).put(m.group(2), Double.parseDouble(m.group(3)));
        }
        return new QueueWaits(counts, sums);
    }

    /** Mean wait in milliseconds of {@code tenant}'s executions since {@code before}; NaN if none ran. */
    double meanMsSince(QueueWaits before, String tenant) {
        double count = counts.getOrDefault(tenant, 0.0) - before.counts.getOrDefault(tenant, 0.0);
        double sum = sums.getOrDefault(tenant, 0.0) - before.sums.getOrDefault(tenant, 0.0);
        return count <= 0 ? Double.NaN : sum / count * 1000;
    }
}
