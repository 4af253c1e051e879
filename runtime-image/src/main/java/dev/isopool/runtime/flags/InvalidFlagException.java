package dev.isopool.runtime.flags;

/** A V8 flag in NODE_OPTIONS that V8 does not know, cannot parse, or that this runtime refuses. */
public class InvalidFlagException extends IllegalArgumentException {
    public InvalidFlagException(String message) {
        super(message);
    }
}
