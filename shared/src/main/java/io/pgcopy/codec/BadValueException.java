package io.pgcopy.codec;

/**
 * A value an encoder cannot write. Thrown without context by the encoder; {@link RowEncoder} adds
 * the table, column and row and rethrows it as a {@link CopyValueException}.
 */
public final class BadValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String value;

    public BadValueException(String problem, String value) {
        super(problem, null, false, false);
        this.value = value;
    }

    /** The offending value as text (may be null when it could not be rendered). */
    public String value() {
        return value;
    }
}
