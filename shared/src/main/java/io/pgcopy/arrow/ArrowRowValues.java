package io.pgcopy.arrow;

import io.pgcopy.codec.BadValueException;
import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * An {@link IndexedValues} view of one row of a {@link VectorSchemaRoot}: field {@code i} is vector
 * {@code i}. Set the row with {@link #row(int)}, then hand the view to the encoders. Values are
 * read in the representations {@link IndexedValues} fixes, for the source types
 * {@link ArrowSchemas} gives (e.g. a millisecond timestamp is read as microseconds).
 *
 * <p>List vectors give nested views for arrays; each nesting level of a column has one reused view,
 * valid until the next {@code getArray} at the same level. Not thread-safe; no allocation per value
 * except where the interface returns an object (binary, big decimals, intervals).
 */
public final class ArrowRowValues implements IndexedValues {
    private Access[] columns;
    private int row;

    public ArrowRowValues(VectorSchemaRoot root) {
        bind(root);
    }

    public ArrowRowValues(List<FieldVector> vectors) {
        bind(vectors);
    }

    /** Switches to another root of the same shape (e.g. the next batch). */
    public ArrowRowValues bind(VectorSchemaRoot root) {
        return bind(root.getFieldVectors());
    }

    public ArrowRowValues bind(List<FieldVector> vectors) {
        Access[] a = new Access[vectors.size()];
        for (int i = 0; i < a.length; i++) a[i] = access(vectors.get(i));
        this.columns = a;
        this.row = 0;
        return this;
    }

    /** Selects the row the getters read. */
    public ArrowRowValues row(int index) {
        this.row = index;
        return this;
    }

    public int row() {
        return row;
    }

    @Override public int size() { return columns.length; }
    @Override public boolean isNull(int i) { return columns[i].isNull(row); }
    @Override public boolean getBoolean(int i) { return columns[i].getBoolean(row); }
    @Override public byte getByte(int i) { return columns[i].getByte(row); }
    @Override public short getShort(int i) { return columns[i].getShort(row); }
    @Override public int getInt(int i) { return columns[i].getInt(row); }
    @Override public long getLong(int i) { return columns[i].getLong(row); }
    @Override public float getFloat(int i) { return columns[i].getFloat(row); }
    @Override public double getDouble(int i) { return columns[i].getDouble(row); }
    @Override public long getDecimalUnscaled(int i, int p, int s) { return columns[i].getDecimalUnscaled(row); }
    @Override public BigDecimal getDecimal(int i, int p, int s) { return columns[i].getDecimal(row); }
    @Override public void writeUtf8(int i, ByteSink sink) { columns[i].writeUtf8(row, sink); }
    @Override public byte[] getBinary(int i) { return columns[i].getBinary(row); }
    @Override public Interval getInterval(int i) { return columns[i].getInterval(row); }
    @Override public IndexedValues getArray(int i) { return columns[i].getArray(row); }

    // ------------------------------------------------------------------------------------------

    /** Reads one vector; each subclass implements the getters of its source type. */
    abstract static class Access {
        private final ValueVector vector;

        Access(ValueVector vector) {
            this.vector = vector;
        }

        boolean isNull(int index) {
            return vector.isNull(index);
        }

        boolean getBoolean(int index) { throw wrong("boolean"); }
        byte getByte(int index) { throw wrong("byte"); }
        short getShort(int index) { throw wrong("short"); }
        int getInt(int index) { throw wrong("int"); }
        long getLong(int index) { throw wrong("long"); }
        float getFloat(int index) { throw wrong("float"); }
        double getDouble(int index) { throw wrong("double"); }
        long getDecimalUnscaled(int index) { throw wrong("decimal"); }
        BigDecimal getDecimal(int index) { throw wrong("decimal"); }
        void writeUtf8(int index, ByteSink sink) { throw wrong("string"); }
        byte[] getBinary(int index) { throw wrong("binary"); }
        Interval getInterval(int index) { throw wrong("interval"); }
        IndexedValues getArray(int index) { throw wrong("array"); }

        private UnsupportedOperationException wrong(String what) {
            return new UnsupportedOperationException(getClass().getSimpleName() + " has no " + what + " values");
        }
    }

    /** An array: {@code size} elements of {@code element} from {@code start}. */
    static final class ElementValues implements IndexedValues {
        private final Access element;
        private int start;
        private int size;

        ElementValues(Access element) {
            this.element = element;
        }

        ElementValues at(int start, int size) {
            this.start = start;
            this.size = size;
            return this;
        }

        @Override public int size() { return size; }
        @Override public boolean isNull(int i) { return element.isNull(start + i); }
        @Override public boolean getBoolean(int i) { return element.getBoolean(start + i); }
        @Override public byte getByte(int i) { return element.getByte(start + i); }
        @Override public short getShort(int i) { return element.getShort(start + i); }
        @Override public int getInt(int i) { return element.getInt(start + i); }
        @Override public long getLong(int i) { return element.getLong(start + i); }
        @Override public float getFloat(int i) { return element.getFloat(start + i); }
        @Override public double getDouble(int i) { return element.getDouble(start + i); }
        @Override public long getDecimalUnscaled(int i, int p, int s) { return element.getDecimalUnscaled(start + i); }
        @Override public BigDecimal getDecimal(int i, int p, int s) { return element.getDecimal(start + i); }
        @Override public void writeUtf8(int i, ByteSink sink) { element.writeUtf8(start + i, sink); }
        @Override public byte[] getBinary(int i) { return element.getBinary(start + i); }
        @Override public Interval getInterval(int i) { return element.getInterval(start + i); }
        @Override public IndexedValues getArray(int i) { return element.getArray(start + i); }
    }

    static Access access(FieldVector vector) {
        if (vector instanceof BitVector v) {
            return new Access(v) {
                @Override boolean getBoolean(int x) { return v.get(x) != 0; }
            };
        }
        if (vector instanceof TinyIntVector v) {
            return new Access(v) {
                @Override byte getByte(int x) { return v.get(x); }
            };
        }
        if (vector instanceof SmallIntVector v) {
            return new Access(v) {
                @Override short getShort(int x) { return v.get(x); }
            };
        }
        if (vector instanceof IntVector v) {
            return new Access(v) {
                @Override int getInt(int x) { return v.get(x); }
            };
        }
        if (vector instanceof BigIntVector v) {
            return new Access(v) {
                @Override long getLong(int x) { return v.get(x); }
            };
        }
        if (vector instanceof UInt1Vector v) {
            return new Access(v) {
                @Override short getShort(int x) { return (short) (v.get(x) & 0xFF); }
            };
        }
        if (vector instanceof UInt2Vector v) {
            return new Access(v) {
                @Override int getInt(int x) { return v.get(x); }
            };
        }
        if (vector instanceof UInt4Vector v) {
            return new Access(v) {
                @Override long getLong(int x) { return v.get(x) & 0xFFFFFFFFL; }
            };
        }
        if (vector instanceof UInt8Vector v) {
            return new Access(v) {
                @Override BigDecimal getDecimal(int x) {
                    return new BigDecimal(new java.math.BigInteger(Long.toUnsignedString(v.get(x))));
                }
            };
        }
        if (isHalfFloat(vector)) {
            // Float2Vector exists only from Arrow 15; Spark 3.5 ships Arrow 12, so read its buffer
            return new Access(vector) {
                @Override float getFloat(int x) { return HalfFloats.toFloat(vector.getDataBuffer().getShort((long) x * 2)); }
            };
        }
        if (vector instanceof Float4Vector v) {
            return new Access(v) {
                @Override float getFloat(int x) { return v.get(x); }
            };
        }
        if (vector instanceof Float8Vector v) {
            return new Access(v) {
                @Override double getDouble(int x) { return v.get(x); }
            };
        }
        if (vector instanceof DecimalVector v) {
            return new Access(v) {
                // precision <= 18: the value fits the low 64 bits of the little-endian 128-bit integer
                @Override long getDecimalUnscaled(int x) { return v.getDataBuffer().getLong((long) x * 16); }
                @Override BigDecimal getDecimal(int x) { return v.getObject(x); }
            };
        }
        if (vector instanceof Decimal256Vector v) {
            return new Access(v) {
                @Override long getDecimalUnscaled(int x) { return v.getDataBuffer().getLong((long) x * 32); }
                @Override BigDecimal getDecimal(int x) { return v.getObject(x); }
            };
        }
        if (vector instanceof VarCharVector || vector instanceof VarBinaryVector) {
            BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
            return new Access(v) {
                byte[] scratch = new byte[256];

                @Override
                void writeUtf8(int x, ByteSink sink) {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    int start = offsets.getInt((long) x * 4);
                    int len = offsets.getInt((long) x * 4 + 4) - start;
                    if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
                    v.getDataBuffer().getBytes(start, scratch, 0, len);
                    sink.write(scratch, 0, len);
                }

                @Override
                byte[] getBinary(int x) {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    int start = offsets.getInt((long) x * 4);
                    byte[] bytes = new byte[offsets.getInt((long) x * 4 + 4) - start];
                    v.getDataBuffer().getBytes(start, bytes, 0, bytes.length);
                    return bytes;
                }
            };
        }
        if (vector instanceof LargeVarCharVector || vector instanceof LargeVarBinaryVector) {
            BaseLargeVariableWidthVector v = (BaseLargeVariableWidthVector) vector;
            return new Access(v) {
                byte[] scratch = new byte[256];

                @Override
                void writeUtf8(int x, ByteSink sink) {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    long start = offsets.getLong((long) x * 8);
                    long n = offsets.getLong((long) x * 8 + 8) - start;
                    if (n > Integer.MAX_VALUE - 16) throw new BadValueException("a string of " + n + " bytes", null);
                    int len = (int) n;
                    if (scratch.length < len) scratch = new byte[Math.max(len, scratch.length * 2)];
                    v.getDataBuffer().getBytes(start, scratch, 0, len);
                    sink.write(scratch, 0, len);
                }

                @Override
                byte[] getBinary(int x) {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    long start = offsets.getLong((long) x * 8);
                    byte[] bytes = new byte[(int) (offsets.getLong((long) x * 8 + 8) - start)];
                    v.getDataBuffer().getBytes(start, bytes, 0, bytes.length);
                    return bytes;
                }
            };
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            return new Access(v) {
                @Override byte[] getBinary(int x) { return v.get(x); }
            };
        }
        if (vector instanceof DateDayVector v) {
            return new Access(v) {
                @Override int getInt(int x) { return v.get(x); }
            };
        }
        if (vector instanceof DateMilliVector v) {
            return new Access(v) {
                @Override int getInt(int x) { return Math.toIntExact(Math.floorDiv(v.get(x), 86_400_000L)); }
            };
        }
        if (vector instanceof TimeSecVector v) {
            return new Access(v) {
                @Override long getLong(int x) { return v.get(x) * 1_000_000L; }
            };
        }
        if (vector instanceof TimeMilliVector v) {
            return new Access(v) {
                @Override long getLong(int x) { return v.get(x) * 1_000L; }
            };
        }
        if (vector instanceof TimeMicroVector v) {
            return new Access(v) {
                @Override long getLong(int x) { return v.get(x); }
            };
        }
        if (vector instanceof TimeNanoVector v) {
            return new Access(v) {
                @Override long getLong(int x) { return Math.floorDiv(v.get(x), 1_000L); }
            };
        }
        if (vector instanceof TimeStampVector v) {
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            return new Access(v) {
                @Override long getLong(int x) { return toMicros(v.get(x), unit, "timestamp"); }
            };
        }
        if (vector instanceof DurationVector v) {
            TimeUnit unit = ((ArrowType.Duration) v.getField().getType()).getUnit();
            return new Access(v) {
                @Override long getLong(int x) { return toMicros(DurationVector.get(v.getDataBuffer(), x), unit, "duration"); }
            };
        }
        if (vector instanceof IntervalYearVector v) {
            return new Access(v) {
                @Override int getInt(int x) { return v.get(x); }
            };
        }
        if (vector instanceof IntervalDayVector v) {
            return new Access(v) {

                @Override
                Interval getInterval(int x) {
                    ArrowBuf b = v.getDataBuffer();
                    return new Interval(0, IntervalDayVector.getDays(b, x),
                            IntervalDayVector.getMilliseconds(b, x) * 1_000L);
                }
            };
        }
        if (vector instanceof IntervalMonthDayNanoVector v) {
            return new Access(v) {

                @Override
                Interval getInterval(int x) {
                    ArrowBuf b = v.getDataBuffer();
                    return new Interval(IntervalMonthDayNanoVector.getMonths(b, x), IntervalMonthDayNanoVector.getDays(b, x),
                            Math.floorDiv(IntervalMonthDayNanoVector.getNanoseconds(b, x), 1_000L));
                }
            };
        }
        if (vector instanceof ListVector v) {
            ElementValues view = new ElementValues(access(v.getDataVector()));
            return new Access(v) {

                @Override
                IndexedValues getArray(int x) {
                    int start = v.getElementStartIndex(x);
                    return view.at(start, v.getElementEndIndex(x) - start);
                }
            };
        }
        if (vector instanceof LargeListVector v) {
            ElementValues view = new ElementValues(access(v.getDataVector()));
            return new Access(v) {

                @Override
                IndexedValues getArray(int x) {
                    long start = v.getElementStartIndex(x);
                    return view.at(Math.toIntExact(start), Math.toIntExact(v.getElementEndIndex(x) - start));
                }
            };
        }
        if (vector instanceof FixedSizeListVector v) {
            ElementValues view = new ElementValues(access(v.getDataVector()));
            int n = v.getListSize();
            return new Access(v) {
                @Override IndexedValues getArray(int x) { return view.at(x * n, n); }
            };
        }
        throw new IllegalArgumentException("vector \"" + vector.getName() + "\" (" + vector.getClass().getSimpleName()
                + ", Arrow type " + vector.getField().getType() + ") cannot be written to PostgreSQL");
    }

    private static boolean isHalfFloat(FieldVector vector) {
        return vector.getField().getType() instanceof ArrowType.FloatingPoint f
                && f.getPrecision() == FloatingPointPrecision.HALF;
    }

    static long toMicros(long value, TimeUnit unit, String what) {
        switch (unit) {
            case SECOND:
                if (value > Long.MAX_VALUE / 1_000_000L || value < Long.MIN_VALUE / 1_000_000L) throw range(value, unit, what);
                return value * 1_000_000L;
            case MILLISECOND:
                if (value > Long.MAX_VALUE / 1_000L || value < Long.MIN_VALUE / 1_000L) throw range(value, unit, what);
                return value * 1_000L;
            case MICROSECOND:
                return value;
            default:
                return Math.floorDiv(value, 1_000L);
        }
    }

    private static BadValueException range(long value, TimeUnit unit, String what) {
        return new BadValueException(what + " out of range (beyond 64-bit microseconds)", value + " " + unit);
    }
}
