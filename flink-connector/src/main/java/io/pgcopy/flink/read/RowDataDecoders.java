package io.pgcopy.flink.read;

import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.sql.Identifiers;
import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * PostgreSQL rows to Flink {@link RowData}, from a binary COPY stream or a JDBC result set. The
 * SELECT list ({@link #selectList}) casts each column to the one PostgreSQL type the Flink type
 * is read from (STRING from {@code text}, so uuid, json, enum and inet columns arrive in
 * PostgreSQL's own text form; DECIMAL from {@code numeric}; ...), so the decoders only need one
 * binary layout per Flink type. Scalars only: ARRAY, MAP, ROW, MULTISET and INTERVAL fields are
 * refused up front.
 */
public final class RowDataDecoders implements Serializable {
    /** PostgreSQL's epoch (2000-01-01) in Unix epoch days and microseconds: date_recv, timestamp_recv. */
    private static final int PG_EPOCH_DAYS = 10_957;
    private static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private final LogicalType[] types;

    private RowDataDecoders(LogicalType[] types) {
        this.types = types;
    }

    /** @throws IllegalArgumentException naming the field whose type pgcopy cannot read */
    public static RowDataDecoders of(RowType rowType) {
        for (RowType.RowField f : rowType.getFields()) readAs(f.getName(), f.getType());
        return new RowDataDecoders(rowType.getChildren().toArray(new LogicalType[0]));
    }

    /** {@code "a"::int8 AS "a", "b"::text AS "b"}: the columns cast to what {@link #of} decodes. */
    public static String selectList(RowType rowType) {
        return rowType.getFields().stream().map(f -> Identifiers.quote(f.getName()) + "::" + readAs(f.getName(),
                f.getType()) + " AS " + Identifiers.quote(f.getName())).collect(Collectors.joining(", "));
    }

    /** The PostgreSQL type a Flink field is read as. */
    private static String readAs(String field, LogicalType t) {
        return switch (t.getTypeRoot()) {
            case BOOLEAN -> "boolean";
            case TINYINT, SMALLINT -> "int2";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            case FLOAT -> "float4";
            case DOUBLE -> "float8";
            case DECIMAL -> "numeric";
            case CHAR, VARCHAR -> "text";
            case BINARY, VARBINARY -> "bytea";
            case DATE -> "date";
            case TIME_WITHOUT_TIME_ZONE -> "time";
            case TIMESTAMP_WITHOUT_TIME_ZONE -> "timestamp";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamptz";
            default -> throw new IllegalArgumentException("field \"" + field + "\": pgcopy cannot read Flink "
                    + t.copy(true).asSummaryString() + " from PostgreSQL yet");
        };
    }

    /** The current row of a binary COPY stream ({@link BinaryCopyReader#nextRow()} returned true). */
    public RowData read(BinaryCopyReader r) throws IOException {
        GenericRowData row = new GenericRowData(types.length);
        for (int i = 0; i < types.length; i++) {
            int len = r.nextField();
            if (len >= 0) row.setField(i, binary(types[i], r.buffer(), r.offset(), len));
        }
        return row;
    }

    /** The current row of a result set of {@link #selectList}. */
    public RowData read(ResultSet rs) throws SQLException {
        GenericRowData row = new GenericRowData(types.length);
        for (int i = 0; i < types.length; i++) {
            Object v = jdbc(types[i], rs, i + 1);
            row.setField(i, rs.wasNull() ? null : v);
        }
        return row;
    }

    private static Object binary(LogicalType t, byte[] b, int at, int len) {
        return switch (t.getTypeRoot()) {
            case BOOLEAN -> b[at] != 0;
            case TINYINT -> (byte) (short) SHORT.get(b, at);
            case SMALLINT -> (short) SHORT.get(b, at);
            case INTEGER -> (int) INT.get(b, at);
            case BIGINT -> (long) LONG.get(b, at);
            case FLOAT -> Float.intBitsToFloat((int) INT.get(b, at));
            case DOUBLE -> Double.longBitsToDouble((long) LONG.get(b, at));
            case DECIMAL -> numeric(b, at, (DecimalType) t);
            case CHAR, VARCHAR -> StringData.fromBytes(Arrays.copyOfRange(b, at, at + len));
            case BINARY, VARBINARY -> Arrays.copyOfRange(b, at, at + len);
            case DATE -> (int) INT.get(b, at) + PG_EPOCH_DAYS;
            case TIME_WITHOUT_TIME_ZONE -> (int) ((long) LONG.get(b, at) / 1000);
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                    timestamp((long) LONG.get(b, at) + PG_EPOCH_MICROS);
            default -> throw new IllegalStateException("unreachable: " + t);
        };
    }

    private static Object jdbc(LogicalType t, ResultSet rs, int column) throws SQLException {
        return switch (t.getTypeRoot()) {
            case BOOLEAN -> rs.getBoolean(column);
            case TINYINT -> rs.getByte(column);
            case SMALLINT -> rs.getShort(column);
            case INTEGER -> rs.getInt(column);
            case BIGINT -> rs.getLong(column);
            case FLOAT -> rs.getFloat(column);
            case DOUBLE -> rs.getDouble(column);
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(column);
                yield d == null ? null : decimal(d, (DecimalType) t);
            }
            case CHAR, VARCHAR -> {
                String s = rs.getString(column);
                yield s == null ? null : StringData.fromString(s);
            }
            case BINARY, VARBINARY -> rs.getBytes(column);
            case DATE -> {
                LocalDate d = rs.getObject(column, LocalDate.class);
                yield d == null ? null : (int) d.toEpochDay();
            }
            case TIME_WITHOUT_TIME_ZONE -> {
                LocalTime d = rs.getObject(column, LocalTime.class);
                yield d == null ? null : (int) (d.toNanoOfDay() / 1_000_000);
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE -> {
                LocalDateTime d = rs.getObject(column, LocalDateTime.class);
                yield d == null ? null : TimestampData.fromLocalDateTime(d);
            }
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
                OffsetDateTime d = rs.getObject(column, OffsetDateTime.class);
                yield d == null ? null : TimestampData.fromInstant(d.toInstant());
            }
            default -> throw new IllegalStateException("unreachable: " + t);
        };
    }

    private static TimestampData timestamp(long unixMicros) {
        long millis = Math.floorDiv(unixMicros, 1000);
        return TimestampData.fromEpochMillis(millis, (int) Math.floorMod(unixMicros, 1000) * 1000);
    }

    /**
     * numeric_recv (utils/adt/numeric.c): int16 ndigits, int16 weight (of the first digit, in base
     * 10000 digits), int16 sign (0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 +Inf, 0xF000 -Inf), int16
     * dscale, then ndigits base-10000 digits. The digits stand for their value times
     * 10000^(weight - ndigits + 1); up to four of them (16 decimal digits) add up in a long.
     */
    static DecimalData numeric(byte[] b, int at, DecimalType t) {
        int ndigits = (short) SHORT.get(b, at);
        int weight = (short) SHORT.get(b, at + 2);
        int sign = (short) SHORT.get(b, at + 4) & 0xFFFF;
        int dscale = (short) SHORT.get(b, at + 6);
        if (sign != 0 && sign != 0x4000) {
            throw new ArithmeticException("a numeric NaN or Infinity has no Flink DECIMAL value");
        }
        int exponent = 4 * (weight - ndigits + 1);
        BigDecimal value;
        if (ndigits <= 4) {
            long unscaled = 0;
            for (int i = 0; i < ndigits; i++) unscaled = unscaled * 10_000 + (short) SHORT.get(b, at + 8 + 2 * i);
            value = BigDecimal.valueOf(sign == 0x4000 ? -unscaled : unscaled, -exponent);
        } else {
            BigInteger unscaled = BigInteger.ZERO;
            for (int i = 0; i < ndigits; i++) {
                unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf((short) SHORT.get(b, at + 8 + 2 * i)));
            }
            value = new BigDecimal(sign == 0x4000 ? unscaled.negate() : unscaled, -exponent);
        }
        // trailing digits beyond dscale are zeros: rescaling is exact
        return decimal(value.setScale(Math.max(dscale, 0), RoundingMode.UNNECESSARY), t);
    }

    /** Null when the value does not fit the Flink DECIMAL's precision, as Flink's own casts do. */
    private static DecimalData decimal(BigDecimal d, DecimalType t) {
        return DecimalData.fromBigDecimal(d, t.getPrecision(), t.getScale());
    }
}
