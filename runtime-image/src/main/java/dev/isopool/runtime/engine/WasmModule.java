package dev.isopool.runtime.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A WebAssembly module from a request: its global name, its bytes and their SHA-256. */
public record WasmModule(String name, String sha256, byte[] bytes) {

    /** A module named {@code name} with these bytes; computes their SHA-256, the pod's cache key. */
    public static WasmModule of(String name, byte[] bytes) {
        try {
            return new WasmModule(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
