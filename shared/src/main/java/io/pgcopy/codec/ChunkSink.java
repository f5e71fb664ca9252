package io.pgcopy.codec;

import java.io.IOException;

/** Receives encoded COPY data in large chunks (a pgjdbc CopyIn, a stream, a test buffer). */
@FunctionalInterface
public interface ChunkSink {
    void accept(byte[] chunk, int offset, int length) throws IOException;
}
