package dev.isopool.runtime.engine;

/** Why the engine ended an execution from outside the user's code. */
enum Termination {
    NONE(null, null),
    TIMEOUT(ErrorTypes.TIMEOUT, "execution exceeded its wall-time limit of %d ms"),
    CPU(ErrorTypes.CPU, "execution exceeded its CPU-time limit of %d ms"),
    HEAP(ErrorTypes.MEMORY, "execution exceeded the isolate heap limit of %d MiB"),
    /** V8 ended the execution without the runtime asking (not expected; reported, never hidden). */
    ENGINE(ErrorTypes.INTERNAL, "V8 ended the execution on its own (time limit %d ms)");

    final String type;
    final String messageFormat;

    Termination(String type, String messageFormat) {
        this.type = type;
        this.messageFormat = messageFormat;
    }
}
