package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;

/**
 * Arrays (arrayfuncs.c array_recv): int32 ndim (0 for an empty array), int32 flags (1 when any
 * element is NULL), uint32 element OID (checked against the column's element type), per dimension
 * int32 size and int32 lower bound (1), then the elements in row-major order, each with its length
 * or -1. Nested source arrays become dimensions; they must be rectangular.
 */
final class ArrayEncoder implements ValueEncoder {
    static final int MAX_DIMENSIONS = 6; // MAXDIM in array.h

    private final int elementOid;
    private final ValueEncoder element;
    private final int depth;
    private final int[] dims;
    private boolean hasNull;

    ArrayEncoder(int elementOid, ValueEncoder element, int depth) {
        this.elementOid = elementOid;
        this.element = element;
        this.depth = depth;
        this.dims = new int[depth];
    }

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer o) {
        IndexedValues top = v.getArray(i);
        boolean empty = false;
        IndexedValues cur = top;
        for (int d = 0; d < depth; d++) {
            dims[d] = cur.size();
            if (dims[d] == 0) {
                empty = true;
                break;
            }
            if (d < depth - 1) {
                if (cur.isNull(0)) throw nullSubArray();
                cur = cur.getArray(0);
            }
        }
        int at = o.beginField();
        if (empty) {
            checkAllEmpty(top, 0);
            o.writeInt(0);
            o.writeInt(0);
            o.writeInt(elementOid);
            o.endField(at);
            return;
        }
        o.writeInt(depth);
        int flagsAt = o.position();
        o.writeInt(0);
        o.writeInt(elementOid);
        for (int d = 0; d < depth; d++) {
            o.writeInt(dims[d]);
            o.writeInt(1);
        }
        hasNull = false;
        writeLevel(top, 0, o);
        if (hasNull) o.putInt(flagsAt, 1);
        o.endField(at);
    }

    private void writeLevel(IndexedValues arr, int d, CopyBuffer o) {
        int n = arr.size();
        if (n != dims[d]) throw notRectangular();
        if (d == depth - 1) {
            for (int k = 0; k < n; k++) {
                if (arr.isNull(k)) {
                    o.writeNull();
                    hasNull = true;
                } else {
                    element.encode(arr, k, o);
                }
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            if (arr.isNull(k)) throw nullSubArray();
            writeLevel(arr.getArray(k), d + 1, o);
        }
    }

    /** {@code [[], []]} is the empty array too; {@code [[], [1]]} is not rectangular. */
    private void checkAllEmpty(IndexedValues arr, int d) {
        if (d == depth - 1) {
            if (arr.size() != 0) throw notRectangular();
            return;
        }
        for (int k = 0; k < arr.size(); k++) {
            if (arr.isNull(k)) throw nullSubArray();
            checkAllEmpty(arr.getArray(k), d + 1);
        }
    }

    private static BadValueException notRectangular() {
        return new BadValueException("multidimensional arrays must have sub-arrays with matching dimensions", null);
    }

    private static BadValueException nullSubArray() {
        return new BadValueException("a multidimensional array cannot contain a NULL sub-array", null);
    }
}
