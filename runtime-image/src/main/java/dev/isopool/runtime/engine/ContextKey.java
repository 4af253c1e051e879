package dev.isopool.runtime.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Identity of a warm context: tenant, code and modules. A request without a tenant gets a key of
 * its own, so anonymous callers never share state even when they send the same code.
 */
public record ContextKey(String value) {

    static ContextKey of(String tenant, String code, List<WasmModule> modules) {
        if (tenant == null) {
            return new ContextKey("anonymous:" + UUID.randomUUID());
        }
        StringBuilder material = new StringBuilder(code.length() + 64);
        material.append(code);
        for (WasmModule m : modules) {
            material.append('\u0000').append(m.name()).append('=').append(m.sha256());
        }
        return new ContextKey("tenant:" + tenant.length() + ":" + tenant + ":" + sha256(material.toString()));
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
