package dev.isopool.e2e.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Writes a kubeconfig for one identity on one API server: a client certificate, or a bearer token. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    /** A kubeconfig whose user is the subject of a client certificate signed by the cluster CA. */
    public static void withCertificate(Path file, String server, Path ca, ClusterPki.Pair client, String user)
            throws IOException {
        write(file, server, ca, user, """
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(base64(client.cert()), base64(client.key())));
    }

    /** A kubeconfig whose user is a bearer token (a ServiceAccount's, from the TokenRequest API). */
    public static void withToken(Path file, String server, Path ca, String token, String user) throws IOException {
        if (token == null || token.isBlank() || token.contains("\n")) {
            throw new IllegalArgumentException("not a token: '" + token + "'");
        }
        write(file, server, ca, user, "    token: " + token + "\n");
    }

    private static void write(Path file, String server, Path ca, String user, String credentials)
            throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: isopool-local
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                %scontexts:
                - name: isopool-local
                  context:
                    cluster: isopool-local
                    user: %s
                    namespace: default
                current-context: isopool-local
                """.formatted(server, base64(ca), user, credentials, user);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, yaml);
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
