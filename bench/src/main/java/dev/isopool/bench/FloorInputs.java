package dev.isopool.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The seed workload's scripts for the floor loops, the same ones {@code bench/lib/bench.js floor}
 * runs in isolated-vm: its generator (a 32-bit linear congruential one, seed 5), its inputs
 * (arrays of 10 to 150 integers, an integer, a short string) and its script text.
 */
final class FloorInputs {
    static final int SEED = 5;
    private static final String LETTERS = "abcdefghijkl";

    private final List<String> scripts = new ArrayList<>();
    private final int[] expected;

    private FloorInputs(int count) {
        expected = new int[count];
        int[] state = {SEED};
        for (int i = 0; i < count; i++) {
            int length = 10 + next(state, 141);
            StringJoiner a = new StringJoiner(",", "[", "]");
            int sum = 0;
            for (int k = 0; k < length; k++) {
                int x = next(state, 2001) - 1000;
                a.add(Integer.toString(x));
                sum += x;
            }
            String c = LETTERS.substring(0, next(state, 13)); // before b, as bench.js draws them
            int b = next(state, 201) - 100;
            scripts.add("((a,b,c)=>a.reduce((acc,x)=>acc+x,b)+c.length)(" + a + "," + b + ",\"" + c + "\")");
            expected[i] = sum + b + c.length();
        }
    }

    static FloorInputs of(int count) {
        return new FloorInputs(count);
    }

    List<String> scripts() {
        return scripts;
    }

    int expected(int index) {
        return expected[index];
    }

    /** bench.js's {@code next(n)}: {@code state = state * 1664525 + 1013904223 (mod 2^32)}, then {@code state % n}. */
    private static int next(int[] state, int n) {
        state[0] = state[0] * 1664525 + 1013904223;
        return (int) (Integer.toUnsignedLong(state[0]) % n);
    }
}
