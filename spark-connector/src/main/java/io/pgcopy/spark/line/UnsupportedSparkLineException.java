package io.pgcopy.spark.line;

/** A pgcopy jar on a Spark line or Scala version it was not built for. */
public final class UnsupportedSparkLineException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnsupportedSparkLineException(String message) {
        super(message);
    }

    UnsupportedSparkLineException(String message, Throwable cause) {
        super(message, cause);
    }
}
