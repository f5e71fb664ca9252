package io.pgcopy.spark.read;

import org.apache.arrow.vector.DecimalVector;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ArrowColumnVector;

/**
 * A decimal column of precision 18 or less, handed to Spark without the BigDecimal that
 * {@link ArrowColumnVector} builds per value: such values fit the low 64 bits of Arrow's 128-bit
 * little-endian two's complement, which is exactly Spark's compact (long) Decimal.
 */
final class CompactDecimalColumnVector extends ReusedArrowColumnVector {
    private final DecimalVector vector;

    CompactDecimalColumnVector(DecimalVector vector) {
        super(vector);
        this.vector = vector;
    }

    static boolean fits(DecimalVector vector) {
        return vector.getPrecision() <= Decimal.MAX_LONG_DIGITS();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        if (vector.isNull(rowId)) return null;
        long unscaled = vector.getDataBuffer().getLong((long) rowId * DecimalVector.TYPE_WIDTH);
        return Decimal.createUnsafe(unscaled, precision, scale);
    }
}
