package io.pgcopy.codec;

import io.pgcopy.values.ByteSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A reusable byte buffer for values that must be parsed before they are encoded (uuid, inet, enum). */
final class ScratchBytes implements ByteSink {
    byte[] bytes = new byte[64];
    int length;

    void reset() {
        length = 0;
    }

    @Override
    public void write(byte[] src, int offset, int n) {
        if (length + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        System.arraycopy(src, offset, bytes, length, n);
        length += n;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
