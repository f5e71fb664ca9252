package io.pgcopy.spark.read;

import org.apache.arrow.vector.ValueVector;
import org.apache.spark.sql.vectorized.ArrowColumnVector;

/**
 * A column of a batch whose Arrow vector the reader reuses for the next batch and releases itself.
 * Spark frees a batch's read-only columns after consuming it ({@code closeIfFreeable}), which
 * would throw the vector's buffers away and make every batch allocate them anew.
 */
class ReusedArrowColumnVector extends ArrowColumnVector {
    ReusedArrowColumnVector(ValueVector vector) {
        super(vector);
    }

    @Override
    public void closeIfFreeable() {
        // the reader closes the vectors
    }
}
