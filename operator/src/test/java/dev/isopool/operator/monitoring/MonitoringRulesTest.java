package dev.isopool.operator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * config/monitoring checked by the real tools: promtool checks the PrometheusRule's rules and runs their unit tests
 * (one per alert), and kubectl's kustomize renders the directory. Where a tool is missing the test is skipped with
 * the reason, except under .ci/run (ISOPOOL_CI=1), which installs both and fails without them.
 */
class MonitoringRulesTest {

    private static final Path WORK = Path.of("target/monitoring");

    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() throws Exception {
        requireTool("Debian package prometheus", "promtool", "--version");
        Files.createDirectories(WORK);
        Path rules = WORK.resolve("isopool.rules.yaml");
        new ObjectMapper(new YAMLFactory()).writeValue(rules.toFile(), MonitoringFiles.ruleGroups());
        Files.copy(MonitoringFiles.RULE_TESTS, WORK.resolve("isopool-rules.test.yaml"),
                StandardCopyOption.REPLACE_EXISTING);

        Run check = run(List.of("promtool", "check", "rules", "isopool.rules.yaml"));
        assertEquals(0, check.exit(), check.output());
        Run test = run(List.of("promtool", "test", "rules", "isopool-rules.test.yaml"));
        assertEquals(0, test.exit(), test.output());
        System.out.println(run(List.of("promtool", "--version")).output().lines().findFirst().orElse("")
                + ": check rules and test rules pass");
    }

    @Test
    void everyAlertHasAPromtoolTest() throws IOException {
        JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(MonitoringFiles.RULE_TESTS.toFile());
        Set<String> tested = new TreeSet<>();
        for (JsonNode test : tests.get("tests")) {
            for (JsonNode case_ : test.path("alert_rule_test")) {
                if (!case_.path("exp_alerts").isEmpty()) {
                    tested.add(case_.get("alertname").asText());
                }
            }
        }
        List<String> alerts = MonitoringFiles.alerts();
        assertEquals(6, alerts.size(), alerts.toString());
        for (String alert : alerts) {
            assertTrue(tested.contains(alert), alert + " has no promtool test in which it fires: "
                    + MonitoringFiles.RULE_TESTS);
        }
    }

    @Test
    void kustomizeRendersTheMonitoringDirectory() throws Exception {
        requireTool("Debian package kubernetes-client", "kubectl", "version", "--client");
        Run render = run(List.of("kubectl", "kustomize", MonitoringFiles.DIR.toAbsolutePath().toString()));
        assertEquals(0, render.exit(), render.output());
        for (String kind : List.of("PodMonitor", "ServiceMonitor", "PrometheusRule", "ConfigMap")) {
            assertTrue(render.output().contains("\nkind: " + kind + "\n"), kind + " missing:\n" + render.output());
        }
        assertTrue(render.output().contains("isopool-dashboard.json: |"), "the dashboard ships as a ConfigMap");
    }

    @Test
    void theDefaultInstallLeavesMonitoringOut() throws IOException {
        JsonNode defaults = new ObjectMapper(new YAMLFactory()).readTree(
                MonitoringFiles.DIR.resolveSibling("kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        defaults.get("resources").forEach(r -> resources.add(r.asText()));
        assertFalse(resources.stream().anyMatch(r -> r.contains("monitoring")),
                "config/monitoring is opt-in (it needs the Prometheus Operator's CRDs): " + resources);
    }

    @Test
    void everyDashboardPanelHasAQuery() {
        JsonNode panels = MonitoringFiles.dashboard().get("panels");
        assertFalse(panels.isEmpty());
        for (JsonNode panel : panels) {
            assertFalse(panel.path("targets").findValues("expr").isEmpty(), panel.path("title").asText());
        }
    }

    private static void requireTool(String from, String... versionCommand) throws Exception {
        boolean present;
        try {
            present = run(List.of(versionCommand)).exit() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String why = versionCommand[0] + " is not on the PATH (" + from + "); .ci/run installs it";
            if ("1".equals(System.getenv("ISOPOOL_CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(WORK.toFile().isDirectory() ? WORK.toFile() : null)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), output);
    }
}
