package io.pgcopy.arrow;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Decodes the binary form of one PostgreSQL type (its {@code *_send} output) into one Arrow vector.
 * Created for a column's type at plan time, bound to the vector of the batch root, then called once
 * per value. Vectors grow as needed: variable-width ones through {@code setSafe}, fixed-width ones
 * through {@link #reserve}, which spares the hot path setSafe's capacity computation per value.
 */
abstract class ColumnDecoder {
    /** The Arrow type values are decoded into. */
    abstract ArrowType arrowType();

    /** Child fields (the element of a list). */
    List<Field> children() {
        return List.of();
    }

    /** The Arrow field of a column (or list element) decoded by this decoder. */
    final Field field(String name, boolean nullable, Map<String, String> metadata) {
        return new Field(name, new FieldType(nullable, arrowType(), null, metadata), children());
    }

    private FieldVector bound;
    private int capacity;

    /** Attaches the vector to fill; called again whenever the vector changes. Overrides call super. */
    void bind(FieldVector vector) {
        bound = vector;
        capacity = vector.getValueCapacity();
    }

    /** Makes room for position {@code index} of a fixed-width vector, which may then be {@code set} directly. */
    final void reserve(int index) {
        if (index >= capacity) {
            while (index >= bound.getValueCapacity()) bound.reAlloc();
            capacity = bound.getValueCapacity();
        }
    }

    /** Decodes the non-null value {@code b[off .. off + len)} into position {@code index}. */
    abstract void decode(byte[] b, int off, int len, int index);

    /** Marks position {@code index} NULL. */
    void setNull(int index) {
        bound.setNull(index);
    }

    static void expectLength(int len, int expected, String type) {
        if (len != expected) {
            throw new DecodeException("incorrect binary data format: " + type + " takes " + expected + " bytes, got "
                    + len);
        }
    }
}
