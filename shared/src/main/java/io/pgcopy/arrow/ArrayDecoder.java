package io.pgcopy.arrow;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Arrays (arrayfuncs.c array_send): int32 ndim (0 for an empty array), int32 flags (1 when there
 * are NULL elements), uint32 element type OID, per dimension int32 size and int32 lower bound, then
 * the elements in row-major order, each an int32 length (-1 = NULL) and its bytes.
 *
 * <p>An array of {@code depth} dimensions becomes {@code depth} nested Arrow Lists; element NULLs
 * are kept. Lower bounds are not kept (Arrow lists start at 0). A value with another number of
 * dimensions than the column's is an error, except the empty array, which is an empty list.
 */
final class ArrayDecoder extends ColumnDecoder {
    static final String ELEMENT_NAME = "element";

    private final int elementOid;
    private final String elementType;
    private final ColumnDecoder element;
    private final int depth;
    private final ListVector[] lists;
    private final int[] dims;
    private byte[] b;
    private int p;
    private int end;

    ArrayDecoder(int elementOid, String elementType, ColumnDecoder element, int depth) {
        this.elementOid = elementOid;
        this.elementType = elementType;
        this.element = element;
        this.depth = depth;
        this.lists = new ListVector[depth];
        this.dims = new int[depth];
    }

    @Override
    ArrowType arrowType() {
        return ArrowType.List.INSTANCE;
    }

    @Override
    List<Field> children() {
        Field child = element.field(ELEMENT_NAME, true, null);
        for (int d = depth - 1; d > 0; d--) {
            // inner dimensions are never NULL in PostgreSQL; the elements may be
            child = new Field(ELEMENT_NAME, new FieldType(false, ArrowType.List.INSTANCE, null), List.of(child));
        }
        return List.of(child);
    }

    int depth() {
        return depth;
    }

    @Override
    void bind(FieldVector vector) {
        FieldVector v = vector;
        for (int d = 0; d < depth; d++) {
            lists[d] = (ListVector) v;
            v = lists[d].getDataVector();
        }
        element.bind(v);
    }

    @Override
    void setNull(int index) {
        lists[0].setNull(index);
    }

    @Override
    void decode(byte[] bytes, int off, int len, int index) {
        if (len < 12) throw new DecodeException("incorrect binary data format: an array needs 12 header bytes, got " + len);
        int ndim = Bytes.getInt(bytes, off);
        int flags = Bytes.getInt(bytes, off + 4);
        int oid = Bytes.getInt(bytes, off + 8);
        if (flags != 0 && flags != 1) throw new DecodeException("invalid array flags: " + flags);
        if (oid != elementOid) {
            throw new DecodeException("wrong element type: the array holds type oid " + Integer.toUnsignedString(oid)
                    + ", the column's element type " + elementType + " is oid " + Integer.toUnsignedString(elementOid));
        }
        if (ndim == 0) {
            if (len != 12) throw new DecodeException("incorrect binary data format: bytes after an empty array");
            lists[0].startNewValue(index);
            lists[0].endValue(index, 0);
            return;
        }
        if (ndim != depth) {
            throw new DecodeException("the array has " + ndim + " dimension" + (ndim == 1 ? "" : "s") + " but the"
                    + " column is read as " + depth + "-dimensional (PostgreSQL does not enforce declared"
                    + " dimensions; set the arrayDimensions option for this column)");
        }
        if (ndim < 0 || len < 12 + 8L * ndim) throw new DecodeException("incorrect binary data format: array header");
        long total = 1;
        for (int d = 0; d < ndim; d++) {
            int size = Bytes.getInt(bytes, off + 12 + 8 * d);
            if (size < 0) throw new DecodeException("invalid array dimension size: " + size);
            int lower = Bytes.getInt(bytes, off + 16 + 8 * d);
            // array_recv refuses bounds whose upper end overflows int32 (ArrayCheckBounds)
            if ((long) lower + size - 1 > Integer.MAX_VALUE) {
                throw new DecodeException("array upper bound is too large: " + lower + " + " + size);
            }
            dims[d] = size;
            total *= size;
            if (total > len) break;
        }
        int start = off + 12 + 8 * ndim;
        if (total * 4 > off + len - start) {
            throw new DecodeException("incorrect binary data format: an array of " + total + " elements in " + len
                    + " bytes");
        }
        b = bytes;
        p = start;
        end = off + len;
        try {
            fill(0, index);
        } finally {
            b = null;
        }
        if (p != end) throw new DecodeException("incorrect binary data format: " + (end - p) + " bytes after the array");
    }

    private void fill(int level, int listIndex) {
        ListVector list = lists[level];
        int start = list.startNewValue(listIndex);
        int n = dims[level];
        if (level == depth - 1) {
            for (int j = 0; j < n; j++) {
                if (end - p < 4) throw truncated();
                int l = Bytes.getInt(b, p);
                p += 4;
                if (l == -1) {
                    element.setNull(start + j);
                } else {
                    if (l < 0 || l > end - p) throw truncated();
                    element.decode(b, p, l, start + j);
                    p += l;
                }
            }
        } else {
            for (int j = 0; j < n; j++) fill(level + 1, start + j);
        }
        list.endValue(listIndex, n);
    }

    private static DecodeException truncated() {
        return new DecodeException("incorrect binary data format: an array element runs past the end of the value");
    }
}
