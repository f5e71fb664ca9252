package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;

/**
 * Writes one non-null value as a complete binary COPY field: the int32 length and the bytes in the
 * exact binary form of the target type's {@code *_recv} function. One instance per writer (an
 * encoder may keep scratch buffers), chosen at plan time from source type x target type.
 */
public interface ValueEncoder {
    void encode(IndexedValues values, int index, CopyBuffer out);
}
