package io.pgcopy.cli;

/** A load that cannot go on, with a message that says where and why. */
final class LoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadException(String message) {
        super(message);
    }

    LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
