package dev.isopool.e2e.controlplane;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One cluster's certificates and keys, made fresh for each cluster with BouncyCastle and written as PEM under
 * its state directory: a CA, serving certificates for the loopback components, client certificates whose
 * subject is the identity the API server's RBAC and Node authorizers see (CN user, O groups), and the
 * service-account signing key pair.
 */
public final class ClusterPki {

    /** A certificate and its key, as the files the components read. */
    public record Pair(Path cert, Path key) {
    }

    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private ClusterPki(Path dir, KeyPair caKeys, X509Certificate ca) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA in dir (ca.crt, ca.key), replacing whatever a previous cluster left there. */
    public static ClusterPki create(Path dir, String clusterName) throws IOException {
        Files.createDirectories(dir);
        try {
            KeyPair keys = ecKeys();
            X500Name subject = name(clusterName + "-ca", List.of());
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject,
                    keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = sign(builder, keys.getPrivate());
            ClusterPki pki = new ClusterPki(dir, keys, ca);
            pki.write("ca", ca, keys.getPrivate());
            return pki;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the cluster CA: " + e.getMessage(), e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    /** A server certificate for the given IP addresses and DNS names. */
    public Pair serving(String fileName, String commonName, List<String> ips, List<String> dnsNames)
            throws IOException {
        List<GeneralName> sans = new ArrayList<>();
        ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
        dnsNames.forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
        return issue(fileName, name(commonName, List.of()), KeyPurposeId.id_kp_serverAuth, sans);
    }

    /** A client certificate: the API server authenticates it as user commonName in the given groups. */
    public Pair client(String fileName, String commonName, List<String> groups) throws IOException {
        return issue(fileName, name(commonName, groups), KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** The service-account signing key pair (RSA, as every token verifier accepts): sa.key and sa.pub. */
    public Pair serviceAccountKeys() throws IOException {
        try {
            KeyPair keys = rsaKeys();
            Path pub = dir.resolve("sa.pub");
            Path key = dir.resolve("sa.key");
            Files.writeString(pub, pem(keys.getPublic()));
            writePrivate(key, keys.getPrivate());
            return new Pair(pub, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the service-account keys: " + e.getMessage(), e);
        }
    }

    private Pair issue(String fileName, X500Name subject, KeyPurposeId purpose, List<GeneralName> sans)
            throws IOException {
        try {
            // RSA: Fabric8's kubeconfig reader refuses PKCS#8 EC keys ("Invalid DER: object is not integer")
            KeyPair keys = rsaKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject,
                    keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = sign(builder, caKeys.getPrivate());
            return write(fileName, cert, keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue " + fileName + ": " + e.getMessage(), e);
        }
    }

    private Pair write(String fileName, X509Certificate cert, PrivateKey key) throws IOException {
        Path certFile = dir.resolve(fileName + ".crt");
        Path keyFile = dir.resolve(fileName + ".key");
        Files.writeString(certFile, pem(cert));
        writePrivate(keyFile, key);
        return new Pair(certFile, keyFile);
    }

    /** Private keys in PKCS#8 PEM ("BEGIN PRIVATE KEY"), which Go, Vert.x and the JDK all read; mode 0600. */
    private static void writePrivate(Path file, PrivateKey key) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, random);
        return gen.generateKeyPair();
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        return gen.generateKeyPair();
    }

    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> name.addRDN(BCStyle.O, o));
        name.addRDN(BCStyle.CN, commonName);
        return name.build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
