package io.pgcopy.values;

/** Where an engine adapter copies raw bytes (UTF-8 text, binary) without an intermediate array. */
public interface ByteSink {
    void write(byte[] src, int offset, int length);
}
