package dev.isopool.e2e.kubelet;

import java.util.List;

/** The most telling line of a crashed container's output: the last "Caused by", else the last line. */
public final class CrashCause {

    private CrashCause() {
    }

    public static String of(String output) {
        List<String> lines = output.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("Caused by:")) {
                return lines.get(i).substring("Caused by:".length()).strip();
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
