package dev.isopool.autoscaler.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.isopool.autoscaler.AutoscalerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * `./isopool simulate FILE.json`: runs the autoscaling policy offline and prints one JSON line per tick,
 * `{"t", "replicas", "desiredReplicas", "reason"}`. A file with `ticks` is replayed ({@link Replay}); a file with
 * `model` and `load` runs the closed loop ({@link ClosedLoop}, {@link PodModel}). `--figures` prints the
 * autoscaler figures of docs/benchmarks.md instead ({@link Figures}).
 */
public final class Simulate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Simulate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--figures")) {
            Figures.print(System.out);
            return;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: ./isopool simulate FILE.json | --figures");
            System.exit(2);
        }
        JsonNode input;
        try {
            input = JSON.readTree(Files.readString(Path.of(args[0])));
        } catch (IOException e) {
            System.err.println("isopool simulate: cannot read " + args[0] + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            PrintStream out = System.out;
            run(input, tick -> out.println(line(tick)));
            out.flush();
        } catch (IllegalArgumentException e) {
            System.err.println("isopool simulate: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs a parsed simulation file; returns the closed loop's seconds (empty for a replay). */
    static List<ClosedLoop.Second> run(JsonNode input, Consumer<Tick> out) {
        AutoscalerConfig config = SimConfig.read(input.get("autoscaling"));
        if (input.has("ticks")) {
            Replay.run(config, input.get("ticks"), out);
            return List.of();
        }
        if (input.has("load")) {
            PodModel model = PodModel.read(input.path("model"), config.minReplicas());
            ClosedLoop.Load load = ClosedLoop.Load.read(input.get("load"));
            double duration = input.path("durationSeconds").asDouble(load.end());
            return ClosedLoop.run(config, model, load, duration, out);
        }
        throw new IllegalArgumentException("the file has neither \"ticks\" (replay) nor \"load\" (closed loop)");
    }

    static String line(Tick tick) {
        ObjectNode node = JSON.createObjectNode();
        if (tick.t() == Math.rint(tick.t())) {
            node.put("t", (long) tick.t());
        } else {
            node.put("t", tick.t());
        }
        node.put("replicas", tick.replicas());
        node.put("desiredReplicas", tick.desiredReplicas());
        node.put("reason", tick.reason());
        return node.toString();
    }
}
