package dev.isopool.e2e.kubelet;

import java.util.Arrays;

/** The last N lines of a log, as `kubectl logs --tail=N` asks for them (a final line without newline counts). */
public final class LogTail {

    private LogTail() {
    }

    public static byte[] lastLines(byte[] log, int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("tailLines must be >= 0, not " + lines);
        }
        int end = log.length;
        // a trailing newline ends the last line; it does not start an empty one
        int i = end > 0 && log[end - 1] == '\n' ? end - 1 : end;
        int found = 0;
        while (i > 0) {
            if (log[i - 1] == '\n' && ++found == lines) {
                return Arrays.copyOfRange(log, i, end);
            }
            i--;
        }
        return lines == 0 ? new byte[0] : log;
    }
}
