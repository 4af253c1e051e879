package dev.isopool.runtime.api;

/** A request the runtime will not run; the message says what is wrong with it. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
