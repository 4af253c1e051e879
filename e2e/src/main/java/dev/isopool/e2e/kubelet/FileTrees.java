package dev.isopool.e2e.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes directory trees that the local cluster owns (pod directories, etcd data, certificates). */
public final class FileTrees {

    private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

    private FileTrees() {
    }

    /**
     * Deletes dir and everything below it, best effort: a file a dying process still writes, or one its own
     * clean-up removed meanwhile, is skipped (the next pod or cluster does not reuse the directory's name).
     */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
