package dev.isopool.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes a large WebAssembly module in the binary format, for the Liftoff benchmark: many
 * functions, each a loop over a long straight run of i32 arithmetic and memory accesses; an
 * exported {@code kernel(rounds, inner)} that calls every function {@code rounds} times (a start-up
 * that touches all the code, as a language runtime compiled to WebAssembly does), and an exported
 * {@code hot(rounds, inner)} that calls only the first few functions (the hot path that runs long
 * enough for V8 to tier it up). The code is random but reproducible from the seed; two seeds give
 * two different modules (other wire bytes, so V8 cannot share one compilation between them).
 *
 * <p>Every function has the type {@code (i32 x, i32 y) -> i32}, loops {@code y} times and is
 * exported as {@code f<k>}; {@code kernel} and {@code hot} are exported last. One memory page
 * holds state the functions share. {@link Module#kernel(int, int)} and {@link Module#hot(int, int)}
 * compute in Java what the module computes, which is how the tests know that the bytes mean what
 * they were meant to.
 */
public final class WasmModuleGenerator {
    /** Largest function count accepted (V8 allows 1,000,000; a benchmark needs far fewer). */
    public static final int MAX_FUNCTIONS = 100_000;
    /** Largest straight run of operations per function accepted. */
    public static final int MAX_OPS = 10_000;
    /** The export that calls every function. */
    public static final String KERNEL = "kernel";
    /** The export that calls the hot functions only. */
    public static final String HOT = "hot";

    // Locals of f<k>: 0 = x, 1 = y (parameters), 2 = a, 3 = b, 4 = c (values), 5 = i (counter).
    private static final int LOCALS = 6;
    private static final int FIRST_VALUE = 2;
    private static final int VALUES = 3;
    private static final int COUNTER = 5;
    private static final int ADDRESS_MASK = 0xFFFC; // an aligned i32 inside the one 64 KiB page

    // An operation is FIELDS ints: kind, destination, source, second source or constant, binop.
    private static final int FIELDS = 5;
    private static final int BIN_CONST = 0; // dst = src OP const
    private static final int BIN_LOCAL = 1; // dst = src OP src2
    private static final int STORE = 2; //     memory[src & mask] = src2
    private static final int LOAD_ADD = 3; //  dst += memory[src & mask]
    private static final int[] BINOPS = {
        0x6A, // i32.add
        0x6B, // i32.sub
        0x6C, // i32.mul
        0x71, // i32.and
        0x72, // i32.or
        0x73, // i32.xor
        0x74, // i32.shl
        0x76, // i32.shr_u
        0x77, // i32.rotl
    };

    private static final int I32 = 0x7F;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int I32_CONST = 0x41;
    private static final int I32_ADD = 0x6A;
    private static final int I32_AND = 0x71;
    private static final int I32_XOR = 0x73;
    private static final int I32_GE_U = 0x4F;
    private static final int I32_LOAD = 0x28;
    private static final int I32_STORE = 0x36;
    private static final int BLOCK = 0x02;
    private static final int LOOP = 0x03;
    private static final int VOID = 0x40;
    private static final int BR = 0x0C;
    private static final int BR_IF = 0x0D;
    private static final int CALL = 0x10;
    private static final int END = 0x0B;

    private WasmModuleGenerator() {
    }

    /**
     * What to generate: {@code functions} functions of {@code opsPerFunction} operations each, the
     * first {@code hotFunctions} of them called by {@code hot}. An operation takes about 10.5 bytes
     * of code, so 2,000 x 160 is about 3.4 MB.
     */
    public record Spec(int functions, int opsPerFunction, int hotFunctions, long seed) {
        public Spec {
            if (functions < 1 || functions > MAX_FUNCTIONS) {
                throw new IllegalArgumentException("functions must be from 1 to " + MAX_FUNCTIONS + ", not " + functions);
            }
            if (opsPerFunction < 1 || opsPerFunction > MAX_OPS) {
                throw new IllegalArgumentException("ops per function must be from 1 to " + MAX_OPS
                        + ", not " + opsPerFunction);
            }
            if (hotFunctions < 1 || hotFunctions > functions) {
                throw new IllegalArgumentException("hot functions must be from 1 to the function count " + functions
                        + ", not " + hotFunctions);
            }
        }
    }

    /** The generated module: its bytes, the size of its function bodies, and its Java model. */
    public static final class Module {
        private final Spec spec;
        private final byte[] bytes;
        private final int codeBytes;
        private final int[][] ops;
        private final int[][] inits;

        private Module(Spec spec, byte[] bytes, int codeBytes, int[][] ops, int[][] inits) {
            this.spec = spec;
            this.bytes = bytes;
            this.codeBytes = codeBytes;
            this.ops = ops;
            this.inits = inits;
        }

        public Spec spec() {
            return spec;
        }

        /** The module in the WebAssembly binary format (a copy). */
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Size of the whole module in bytes. */
        public int size() {
            return bytes.length;
        }

        /** Bytes of the code section's contents: the function bodies. */
        public int codeBytes() {
            return codeBytes;
        }

        /** Exported functions: every {@code f<k>}, {@code kernel} and {@code hot}. */
        public int exportCount() {
            return spec.functions() + 2;
        }

        /** A fresh instance's memory, for {@link #kernel(int, int, int[])} and {@link #hot(int, int, int[])}. */
        public static int[] newMemory() {
            return new int[65_536 / 4];
        }

        /** What {@code kernel(rounds, inner)} returns on a fresh instance, computed in Java. */
        public int kernel(int rounds, int inner) {
            return kernel(rounds, inner, newMemory());
        }

        /** What {@code kernel(rounds, inner)} returns given the instance's memory (which it changes). */
        public int kernel(int rounds, int inner, int[] memory) {
            return calls(ops.length, rounds, inner, memory);
        }

        /** What {@code hot(rounds, inner)} returns on a fresh instance, computed in Java. */
        public int hot(int rounds, int inner) {
            return hot(rounds, inner, newMemory());
        }

        /** What {@code hot(rounds, inner)} returns given the instance's memory (which it changes). */
        public int hot(int rounds, int inner, int[] memory) {
            return calls(spec.hotFunctions(), rounds, inner, memory);
        }

        private int calls(int count, int rounds, int inner, int[] memory) {
            int acc = 0;
            for (int r = 0; Integer.compareUnsigned(r, rounds) < 0; r++) {
                for (int k = 0; k < count; k++) {
                    acc = function(k, acc, inner, memory);
                }
            }
            return acc;
        }

        /** What {@code f<k>(x, y)} returns, given the memory's state (which it changes). */
        int function(int k, int x, int y, int[] memory) {
            int[] l = new int[LOCALS];
            l[0] = x;
            l[1] = y;
            l[2] = x ^ inits[k][0];
            l[3] = x + inits[k][1];
            l[4] = inits[k][2];
            int[] body = ops[k];
            while (Integer.compareUnsigned(l[COUNTER], y) < 0) {
                for (int o = 0; o < body.length; o += FIELDS) {
                    int dst = body[o + 1];
                    int src = body[o + 2];
                    int arg = body[o + 3];
                    switch (body[o]) {
                        case BIN_CONST -> l[dst] = apply(body[o + 4], l[src], arg);
                        case BIN_LOCAL -> l[dst] = apply(body[o + 4], l[src], l[arg]);
                        case STORE -> memory[(l[src] & ADDRESS_MASK) >>> 2] = l[arg];
                        case LOAD_ADD -> l[dst] += memory[(l[src] & ADDRESS_MASK) >>> 2];
                        default -> throw new IllegalStateException("operation kind " + body[o]);
                    }
                }
                l[COUNTER]++;
            }
            return (l[2] ^ l[3]) + l[4];
        }

        private static int apply(int opcode, int a, int b) {
            return switch (opcode) {
                case 0x6A -> a + b;
                case 0x6B -> a - b;
                case 0x6C -> a * b;
                case 0x71 -> a & b;
                case 0x72 -> a | b;
                case 0x73 -> a ^ b;
                case 0x74 -> a << b; // both Java and WebAssembly take the count modulo 32
                case 0x76 -> a >>> b;
                case 0x77 -> Integer.rotateLeft(a, b);
                default -> throw new IllegalStateException("binop " + opcode);
            };
        }
    }

    /** Generates the module the spec describes. */
    public static Module generate(Spec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        int n = spec.functions();
        int[][] ops = new int[n][];
        int[][] inits = new int[n][];
        for (int k = 0; k < n; k++) {
            inits[k] = new int[] {random.nextInt(), random.nextInt(), random.nextInt()};
            ops[k] = randomOps(random, spec.opsPerFunction());
        }

        Out code = new Out();
        code.uleb(n + 2);
        for (int k = 0; k < n; k++) {
            code.sized(functionBody(inits[k], ops[k]));
        }
        code.sized(callsBody(n));
        code.sized(callsBody(spec.hotFunctions()));
        int codeBytes = code.size();

        Out module = new Out();
        module.bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00); // \0asm, version 1
        Out types = new Out();
        types.uleb(1).bytes(0x60, 2, I32, I32, 1, I32); // (i32, i32) -> i32
        module.section(1, types);
        Out functions = new Out();
        functions.uleb(n + 2);
        for (int k = 0; k < n + 2; k++) {
            functions.uleb(0);
        }
        module.section(3, functions);
        Out memory = new Out();
        memory.uleb(1).bytes(0x01).uleb(1).uleb(1); // one memory of exactly one page
        module.section(5, memory);
        Out exports = new Out();
        exports.uleb(n + 2);
        for (int k = 0; k < n; k++) {
            exports.name("f" + k).bytes(0x00).uleb(k);
        }
        exports.name(KERNEL).bytes(0x00).uleb(n);
        exports.name(HOT).bytes(0x00).uleb(n + 1);
        module.section(7, exports);
        module.section(10, code);
        return new Module(spec, module.toByteArray(), codeBytes, ops, inits);
    }

    private static int[] randomOps(SplittableRandom random, int count) {
        int[] ops = new int[count * FIELDS];
        for (int o = 0; o < ops.length; o += FIELDS) {
            int roll = random.nextInt(100);
            int kind = roll < 45 ? BIN_CONST : roll < 80 ? BIN_LOCAL : roll < 90 ? STORE : LOAD_ADD;
            ops[o] = kind;
            ops[o + 1] = FIRST_VALUE + random.nextInt(VALUES);
            ops[o + 2] = random.nextInt(LOCALS);
            ops[o + 3] = kind == BIN_CONST ? random.nextInt() : random.nextInt(LOCALS);
            ops[o + 4] = BINOPS[random.nextInt(BINOPS.length)];
        }
        return ops;
    }

    private static Out functionBody(int[] init, int[] ops) {
        Out f = new Out();
        f.uleb(1).uleb(LOCALS - 2).bytes(I32); // a, b, c, i
        f.bytes(LOCAL_GET, 0, I32_CONST).sleb(init[0]).bytes(I32_XOR, LOCAL_SET, 2);
        f.bytes(LOCAL_GET, 0, I32_CONST).sleb(init[1]).bytes(I32_ADD, LOCAL_SET, 3);
        f.bytes(I32_CONST).sleb(init[2]).bytes(LOCAL_SET, 4);
        f.bytes(BLOCK, VOID, LOOP, VOID);
        f.bytes(LOCAL_GET, COUNTER, LOCAL_GET, 1, I32_GE_U, BR_IF, 1);
        for (int o = 0; o < ops.length; o += FIELDS) {
            int dst = ops[o + 1];
            int src = ops[o + 2];
            int arg = ops[o + 3];
            switch (ops[o]) {
                case BIN_CONST -> f.bytes(LOCAL_GET, src, I32_CONST).sleb(arg).bytes(ops[o + 4], LOCAL_SET, dst);
                case BIN_LOCAL -> f.bytes(LOCAL_GET, src, LOCAL_GET, arg, ops[o + 4], LOCAL_SET, dst);
                case STORE -> f.bytes(LOCAL_GET, src, I32_CONST).sleb(ADDRESS_MASK)
                        .bytes(I32_AND, LOCAL_GET, arg, I32_STORE, 2, 0);
                case LOAD_ADD -> f.bytes(LOCAL_GET, src, I32_CONST).sleb(ADDRESS_MASK)
                        .bytes(I32_AND, I32_LOAD, 2, 0, LOCAL_GET, dst, I32_ADD, LOCAL_SET, dst);
                default -> throw new IllegalStateException("operation kind " + ops[o]);
            }
        }
        f.bytes(LOCAL_GET, COUNTER, I32_CONST, 1, I32_ADD, LOCAL_SET, COUNTER, BR, 0, END, END);
        f.bytes(LOCAL_GET, 2, LOCAL_GET, 3, I32_XOR, LOCAL_GET, 4, I32_ADD, END);
        return f;
    }

    /** (rounds, inner): acc = f<k>(acc, inner) for k below the count, rounds times; returns acc. */
    private static Out callsBody(int functions) {
        Out f = new Out();
        f.uleb(1).uleb(2).bytes(I32); // 2 = r, 3 = acc
        f.bytes(BLOCK, VOID, LOOP, VOID);
        f.bytes(LOCAL_GET, 2, LOCAL_GET, 0, I32_GE_U, BR_IF, 1);
        for (int k = 0; k < functions; k++) {
            f.bytes(LOCAL_GET, 3, LOCAL_GET, 1, CALL).uleb(k).bytes(LOCAL_SET, 3);
        }
        f.bytes(LOCAL_GET, 2, I32_CONST, 1, I32_ADD, LOCAL_SET, 2, BR, 0, END, END);
        f.bytes(LOCAL_GET, 3, END);
        return f;
    }

    /** A byte buffer with the binary format's encodings. */
    private static final class Out extends ByteArrayOutputStream {
        Out bytes(int... values) {
            for (int v : values) {
                write(v);
            }
            return this;
        }

        Out uleb(long value) {
            long v = value;
            do {
                int b = (int) (v & 0x7F);
                v >>>= 7;
                write(v != 0 ? b | 0x80 : b);
            } while (v != 0);
            return this;
        }

        Out sleb(int value) {
            int v = value;
            while (true) {
                int b = v & 0x7F;
                v >>= 7;
                boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
                write(done ? b : b | 0x80);
                if (done) {
                    return this;
                }
            }
        }

        Out name(String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            uleb(utf8.length);
            write(utf8, 0, utf8.length);
            return this;
        }

        /** Appends another buffer prefixed with its length (a function body). */
        Out sized(Out other) {
            uleb(other.size());
            write(other.buf, 0, other.size());
            return this;
        }

        Out section(int id, Out contents) {
            write(id);
            return sized(contents);
        }
    }
}
