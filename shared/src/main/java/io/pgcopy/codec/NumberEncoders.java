package io.pgcopy.codec;

import io.pgcopy.values.SourceType;

/** bool, int2, int4, int8, oid, float4, float8: fixed widths, widened freely, narrowed with a check. */
final class NumberEncoders {
    private NumberEncoders() {}

    static ValueEncoder bool(SourceType s) {
        if (s.kind() != SourceType.Kind.BOOLEAN) return null;
        return (v, i, o) -> {
            o.writeInt(1);
            o.writeByte(v.getBoolean(i) ? 1 : 0);
        };
    }

    static ValueEncoder int2(SourceType s) {
        switch (s.kind()) {
            case BYTE: return (v, i, o) -> { o.writeInt(2); o.writeShort(v.getByte(i)); };
            case SHORT: return (v, i, o) -> { o.writeInt(2); o.writeShort(v.getShort(i)); };
            case INT: return (v, i, o) -> {
                int x = v.getInt(i);
                if (x != (short) x) throw outOfRange(x, "smallint");
                o.writeInt(2);
                o.writeShort(x);
            };
            case LONG: return (v, i, o) -> {
                long x = v.getLong(i);
                if (x != (short) x) throw outOfRange(x, "smallint");
                o.writeInt(2);
                o.writeShort((int) x);
            };
            default: return null;
        }
    }

    static ValueEncoder int4(SourceType s) {
        switch (s.kind()) {
            case BYTE: return (v, i, o) -> { o.writeInt(4); o.writeInt(v.getByte(i)); };
            case SHORT: return (v, i, o) -> { o.writeInt(4); o.writeInt(v.getShort(i)); };
            case INT: return (v, i, o) -> { o.writeInt(4); o.writeInt(v.getInt(i)); };
            case LONG: return (v, i, o) -> {
                long x = v.getLong(i);
                if (x != (int) x) throw outOfRange(x, "integer");
                o.writeInt(4);
                o.writeInt((int) x);
            };
            default: return null;
        }
    }

    static ValueEncoder int8(SourceType s) {
        switch (s.kind()) {
            case BYTE: return (v, i, o) -> { o.writeInt(8); o.writeLong(v.getByte(i)); };
            case SHORT: return (v, i, o) -> { o.writeInt(8); o.writeLong(v.getShort(i)); };
            case INT: return (v, i, o) -> { o.writeInt(8); o.writeLong(v.getInt(i)); };
            case LONG: return (v, i, o) -> { o.writeInt(8); o.writeLong(v.getLong(i)); };
            default: return null;
        }
    }

    /** oid is an unsigned 32-bit integer (oid.c oidrecv). */
    static ValueEncoder oid(SourceType s) {
        switch (s.kind()) {
            case BYTE: case SHORT: case INT: case LONG: {
                SourceType.Kind k = s.kind();
                return (v, i, o) -> {
                    long x = k == SourceType.Kind.LONG ? v.getLong(i) : k == SourceType.Kind.INT ? v.getInt(i)
                            : k == SourceType.Kind.SHORT ? v.getShort(i) : v.getByte(i);
                    if (x < 0 || x > 0xFFFFFFFFL) throw outOfRange(x, "oid");
                    o.writeInt(4);
                    o.writeInt((int) x);
                };
            }
            default: return null;
        }
    }

    static ValueEncoder float4(SourceType s) {
        switch (s.kind()) {
            case FLOAT: return (v, i, o) -> { o.writeInt(4); o.writeInt(Float.floatToRawIntBits(v.getFloat(i))); };
            case DOUBLE: return (v, i, o) -> {
                double d = v.getDouble(i);
                float f = (float) d;
                // as PostgreSQL's float8-to-float4 cast (float84): overflow and underflow to zero are errors
                if (Float.isInfinite(f) && !Double.isInfinite(d)) throw outOfRange(d, "real");
                if (f == 0.0f && d != 0.0) throw outOfRange(d, "real");
                o.writeInt(4);
                o.writeInt(Float.floatToRawIntBits(f));
            };
            case BYTE: case SHORT: case INT: case LONG: {
                SourceType.Kind k = s.kind();
                return (v, i, o) -> { o.writeInt(4); o.writeInt(Float.floatToRawIntBits((float) integral(v, i, k))); };
            }
            default: return null;
        }
    }

    static ValueEncoder float8(SourceType s) {
        switch (s.kind()) {
            case FLOAT: return (v, i, o) -> { o.writeInt(8); o.writeLong(Double.doubleToRawLongBits(v.getFloat(i))); };
            case DOUBLE: return (v, i, o) -> { o.writeInt(8); o.writeLong(Double.doubleToRawLongBits(v.getDouble(i))); };
            case BYTE: case SHORT: case INT: case LONG: {
                SourceType.Kind k = s.kind();
                return (v, i, o) -> { o.writeInt(8); o.writeLong(Double.doubleToRawLongBits(integral(v, i, k))); };
            }
            default: return null;
        }
    }

    static long integral(io.pgcopy.values.IndexedValues v, int i, SourceType.Kind k) {
        switch (k) {
            case BYTE: return v.getByte(i);
            case SHORT: return v.getShort(i);
            case INT: return v.getInt(i);
            default: return v.getLong(i);
        }
    }

    static BadValueException outOfRange(Object value, String type) {
        return new BadValueException("value out of range for type " + type, String.valueOf(value));
    }
}
