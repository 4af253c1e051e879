package dev.isopool.runtime.engine;

/** A WebAssembly module from a request: its global name, its bytes and their SHA-256. */
public record WasmModule(String name, String sha256, byte[] bytes) {
}
