package io.pgcopy.copy;

/** Closing what a failed start opened, so that no session outlives the failure that ended its owner. */
public final class Closing {
    private Closing() {}

    /** Closes {@code resource} after {@code failure}; a failure to close is kept as suppressed, never thrown. */
    public static void closeAfter(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Throwable closing) {
            failure.addSuppressed(closing);
        }
    }
}
