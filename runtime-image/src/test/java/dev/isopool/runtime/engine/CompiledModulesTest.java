package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One engine's record of compiled modules: only a first compile counts, and the record stays bounded. */
class CompiledModulesTest {

    @Test
    void onlyTheFirstCompileOfTheSameBytesCounts() {
        CompiledModules compiled = new CompiledModules();
        assertTrue(compiled.firstCompile("a"));
        assertFalse(compiled.firstCompile("a"), "the same bytes again: V8's module cache");
        assertTrue(compiled.firstCompile("b"));
    }

    @Test
    void theLeastRecentlyCompiledModuleIsForgottenFirst() {
        CompiledModules compiled = new CompiledModules(2);
        compiled.firstCompile("a");
        compiled.firstCompile("b");
        compiled.firstCompile("a"); // a is now the most recent
        compiled.firstCompile("c"); // over capacity: b goes
        assertFalse(compiled.firstCompile("a"), "kept: compiled recently");
        assertTrue(compiled.firstCompile("b"), "forgotten, so its next compile counts again");
    }
}
