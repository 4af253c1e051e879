package dev.isopool.operator.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config/monitoring as the tests read it: the PrometheusRule's rule groups, the dashboard's queries, and the metric
 * names both use (PromQL expressions reduced to their series selectors).
 */
public final class MonitoringFiles {

    public static final Path DIR = Path.of(System.getProperty("isopool.root", "..")).resolve("config/monitoring");
    public static final Path RULES = DIR.resolve("prometheusrule.yaml");
    public static final Path RULE_TESTS = DIR.resolve("tests/isopool-rules.test.yaml");
    public static final Path DASHBOARD = DIR.resolve("isopool-dashboard.json");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoringFiles() {
    }

    /** The PrometheusRule's `spec`: a Prometheus rule file (`groups:`), as promtool reads one. */
    public static JsonNode ruleGroups() {
        return read(YAML, RULES).get("spec");
    }

    /** Alert names, in file order. */
    public static List<String> alerts() {
        List<String> alerts = new ArrayList<>();
        ruleGroups().get("groups").forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r.get("alert").asText());
            }
        }));
        return alerts;
    }

    public static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** Every metric name the rules' and the dashboard's queries select, with where it is used. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        ruleGroups().get("groups").forEach(g -> g.get("rules").forEach(r -> names.addAll(names(r.get("expr")
                .asText()))));
        for (JsonNode expr : dashboard().findValues("expr")) {
            names.addAll(names(expr.asText()));
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            Matcher m = LABEL_VALUES.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The metric names a PromQL expression selects (Grafana's $variables allowed). */
    static Set<String> names(String promql) {
        String s = promql
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'", "\"\"")   // strings
                .replaceAll("\\{[^}]*}", " ")                                        // label matchers
                .replaceAll("\\[[^]]*]", " ")                                        // ranges
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", " ")                             // Grafana variables
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            String name = m.group();
            String rest = s.substring(m.end()).stripLeading();
            if (!KEYWORDS.contains(name.toLowerCase()) && !rest.startsWith("(")) {
                names.add(name);
            }
        }
        return names;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
