package io.pgcopy.arrow;

/** A value a decoder cannot read; {@link PgArrowReader} adds the column and row. No stack trace: it is rethrown. */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecodeException(String problem) {
        super(problem, null, false, false);
    }
}
