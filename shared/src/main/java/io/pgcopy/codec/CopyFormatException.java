package io.pgcopy.codec;

import java.io.IOException;

/** A binary COPY stream that is not well formed: bad signature or flags, truncated, or corrupt. */
public final class CopyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CopyFormatException(String message) {
        super(message);
    }
}
