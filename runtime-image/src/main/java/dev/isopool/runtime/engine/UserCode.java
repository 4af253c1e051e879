package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetCompilationException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What both sessions (v8 and node) do the same way with the user's code and modules. */
final class UserCode {

    private UserCode() {
    }

    /**
     * The code inside a block: top-level let/const/class are scoped to this run, so the same code
     * can run again in a warm context; its completion value is the script's.
     */
    static String block(String code) {
        return "{\n" + code + "\n}";
    }

    /**
     * The syntax error as the user wrote the code, not as wrapped in a block: {@code unwrapped}
     * compiles the raw code.
     */
    static String syntaxMessage(IV8Executor unwrapped, JavetCompilationException wrapped) {
        try {
            unwrapped.compileV8Script().close();
        } catch (JavetCompilationException e) {
            return e.getScriptingError().getMessage();
        } catch (JavetException e) {
            // the wrapped message below
        }
        return wrapped.getScriptingError().getMessage();
    }

    /**
     * Exposes the request's modules as the global {@code modules}, compiling through the prelude's
     * guarded path ({@code control.module}) the ones not in {@code compiled} yet. A compile is
     * reported only when {@code firstCompile} says these bytes were never compiled before; later
     * ones come from V8's module cache.
     */
    static void installModules(V8Runtime runtime, V8ValueObject control, Map<String, V8ValueObject> compiled,
            Predicate<String> firstCompile, EngineEvents events, List<WasmModule> modules) throws JavetException {
        if (modules.isEmpty()) {
            return;
        }
        try (V8ValueObject global = runtime.getGlobalObject(); V8ValueObject exposed = runtime.createV8ValueObject()) {
            for (WasmModule m : modules) {
                V8ValueObject module = compiled.get(m.sha256());
                if (module == null) {
                    long started = System.nanoTime();
                    try (V8ValueArrayBuffer bytes = runtime.createV8ValueArrayBuffer(m.bytes().length)) {
                        bytes.fromBytes(m.bytes());
                        module = control.invoke("module", bytes);
                    }
                    compiled.put(m.sha256(), module);
                    if (firstCompile.test(m.sha256())) {
                        events.wasmCompiled(System.nanoTime() - started);
                    }
                }
                exposed.set(m.name(), module);
            }
            global.set("modules", exposed);
        }
    }

    /**
     * A script of {@code /isopool/} with each line {@code // @include NAME} replaced by the
     * resource {@code /isopool/NAME}, so that one script run in the context sets everything up.
     */
    static String script(String name) {
        String text = resource("/isopool/" + name);
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            out.append(trimmed.startsWith("// @include ") ? script(trimmed.substring("// @include ".length()).trim()) : line)
                    .append('\n');
        }
        return out.toString();
    }

    static String resource(String path) {
        try (InputStream in = UserCode.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
