package io.pgcopy.codec;

import io.pgcopy.values.ByteSink;
import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Renders a source value as text for error messages only (allocates; never on the hot path). */
public final class ValueText {
    private ValueText() {}

    public static String render(IndexedValues values, int i, SourceType type) {
        try {
            if (values.isNull(i)) return "NULL";
            switch (type.kind()) {
                case BOOLEAN: return Boolean.toString(values.getBoolean(i));
                case BYTE: return Byte.toString(values.getByte(i));
                case SHORT: return Short.toString(values.getShort(i));
                case INT: case DATE: case INTERVAL_YEAR_MONTH: return Integer.toString(values.getInt(i));
                case LONG: case TIME: case TIMESTAMP: case TIMESTAMP_LTZ: case INTERVAL_DAY_TIME:
                    return Long.toString(values.getLong(i));
                case FLOAT: return Float.toString(values.getFloat(i));
                case DOUBLE: return Double.toString(values.getDouble(i));
                case DECIMAL:
                    return type.precision() <= 18
                            ? java.math.BigDecimal.valueOf(values.getDecimalUnscaled(i, type.precision(), type.scale()),
                                    type.scale()).toPlainString()
                            : values.getDecimal(i, type.precision(), type.scale()).toPlainString();
                case STRING: case JSON: return utf8(values, i);
                case BINARY: return hex(values.getBinary(i));
                case INTERVAL: return values.getInterval(i).toString();
                case ARRAY: {
                    IndexedValues a = values.getArray(i);
                    String[] parts = new String[a.size()];
                    for (int k = 0; k < parts.length; k++) parts[k] = render(a, k, type.element());
                    return Arrays.toString(parts);
                }
                default: return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static String utf8(IndexedValues values, int i) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteSink sink = bytes::write;
        values.writeUtf8(i, sink);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("\\x");
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        return sb.toString();
    }
}
