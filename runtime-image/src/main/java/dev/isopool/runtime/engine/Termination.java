package dev.isopool.runtime.engine;

/** Why the engine ended an execution from outside the user's code. */
enum Termination {
    NONE(null, null),
    TIMEOUT(ErrorTypes.TIMEOUT, "execution exceeded its wall-time limit of %d ms"),
    HEAP(ErrorTypes.MEMORY, "execution exceeded the isolate heap limit of %d MiB"),
    SHUTDOWN(ErrorTypes.INTERNAL, "the runtime is shutting down (%d)");

    final String type;
    final String messageFormat;

    Termination(String type, String messageFormat) {
        this.type = type;
        this.messageFormat = messageFormat;
    }
}
