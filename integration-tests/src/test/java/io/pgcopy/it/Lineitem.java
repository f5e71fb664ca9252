package io.pgcopy.it;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgColumn;
import io.pgcopy.catalog.PgTable;
import io.pgcopy.catalog.PgType;
import io.pgcopy.catalog.TypeModifiers;
import io.pgcopy.sql.TableName;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * TPC-H-like lineitem rows (16 columns: 3 int8, 1 int4, 4 numeric(15,2), 2 char(1), 3 date, 3 varchar),
 * generated deterministically from a seed, as the same values in several forms: Spark InternalRows,
 * CSV text, and the table's DDL / catalog description.
 */
public final class Lineitem {
    private Lineitem() {}

    public static final String DDL_COLUMNS = "(l_orderkey int8 NOT NULL, l_partkey int8 NOT NULL,"
            + " l_suppkey int8 NOT NULL, l_linenumber int4 NOT NULL, l_quantity numeric(15,2) NOT NULL,"
            + " l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL,"
            + " l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL,"
            + " l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,"
            + " l_shipinstruct varchar(25) NOT NULL, l_shipmode varchar(10) NOT NULL, l_comment varchar(44) NOT NULL)";

    public static final StructType SCHEMA = new StructType()
            .add("l_orderkey", DataTypes.LongType, false)
            .add("l_partkey", DataTypes.LongType, false)
            .add("l_suppkey", DataTypes.LongType, false)
            .add("l_linenumber", DataTypes.IntegerType, false)
            .add("l_quantity", DataTypes.createDecimalType(15, 2), false)
            .add("l_extendedprice", DataTypes.createDecimalType(15, 2), false)
            .add("l_discount", DataTypes.createDecimalType(15, 2), false)
            .add("l_tax", DataTypes.createDecimalType(15, 2), false)
            .add("l_returnflag", DataTypes.StringType, false)
            .add("l_linestatus", DataTypes.StringType, false)
            .add("l_shipdate", DataTypes.DateType, false)
            .add("l_commitdate", DataTypes.DateType, false)
            .add("l_receiptdate", DataTypes.DateType, false)
            .add("l_shipinstruct", DataTypes.StringType, false)
            .add("l_shipmode", DataTypes.StringType, false)
            .add("l_comment", DataTypes.StringType, false);

    private static final String[] INSTRUCT = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    private static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final String[] WORDS = {"furiously", "quickly", "carefully", "blithely", "slyly", "ironic",
        "final", "pending", "regular", "express", "deposits", "requests", "accounts", "packages", "théodolites",
        "pinto beans", "foxes", "ideas", "instructions", "asymptotes"};
    private static final int START_DAY = (int) LocalDate.of(1992, 1, 1).toEpochDay();

    /**
     * Row {@code i} of the data set, as plain values in column order: Long x3, Integer, BigDecimal x4
     * (scale 2), String x2, LocalDate x3, String x3. Four lines per order.
     */
    public static Object[] values(long seed, int i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        long quantity = 1 + r.nextInt(50);
        long priceCents = quantity * (90_000 + r.nextInt(1_000_000));
        int ship = START_DAY + r.nextInt(2_400);
        StringBuilder comment = new StringBuilder();
        int target = 10 + r.nextInt(34);
        while (true) {
            String w = WORDS[r.nextInt(WORDS.length)];
            if (comment.length() > 0 && comment.length() + 1 + w.length() > target) break;
            if (comment.length() > 0) comment.append(' ');
            comment.append(w);
        }
        return new Object[] {
            i / 4 + 1L, 1L + r.nextInt(200_000), 1L + r.nextInt(10_000), i % 4 + 1,
            BigDecimal.valueOf(quantity * 100, 2), BigDecimal.valueOf(priceCents, 2),
            BigDecimal.valueOf(r.nextInt(11), 2), BigDecimal.valueOf(r.nextInt(9), 2),
            String.valueOf("RAN".charAt(r.nextInt(3))), r.nextBoolean() ? "O" : "F",
            LocalDate.ofEpochDay(ship), LocalDate.ofEpochDay(ship + r.nextInt(60) - 30),
            LocalDate.ofEpochDay(ship + 1 + r.nextInt(30)),
            INSTRUCT[r.nextInt(INSTRUCT.length)], MODES[r.nextInt(MODES.length)], comment.toString()};
    }

    /**
     * The same values as Spark's internal row: UTF8String, days since the epoch, and Decimal in the
     * compact form (an unscaled long) Spark's own expressions and UnsafeRow give decimals of
     * precision &le; 18.
     */
    public static InternalRow toInternalRow(Object[] v) {
        Object[] out = new Object[v.length];
        for (int k = 0; k < v.length; k++) {
            Object x = v[k];
            if (x instanceof BigDecimal d) {
                out[k] = Decimal.apply(d.unscaledValue().longValueExact(), 15, 2);
            } else if (x instanceof String s) {
                out[k] = UTF8String.fromString(s);
            } else if (x instanceof LocalDate d) {
                out[k] = (int) d.toEpochDay();
            } else {
                out[k] = x;
            }
        }
        return new GenericInternalRow(out);
    }

    public static List<InternalRow> internalRows(long seed, int count) {
        List<InternalRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) rows.add(toInternalRow(values(seed, i)));
        return rows;
    }

    /** The same values as one CSV line; text is quoted, so an empty string stays a string (not NULL). */
    public static String toCsv(Object[] v) {
        StringBuilder sb = new StringBuilder(160);
        for (int k = 0; k < v.length; k++) {
            if (k > 0) sb.append(',');
            if (v[k] instanceof String s) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v[k] instanceof BigDecimal d ? d.toPlainString() : v[k].toString());
            }
        }
        return sb.append('\n').toString();
    }

    /** The table as introspection would describe it, for planning without a database. */
    public static PgTable table(TableName name) {
        PgType int8 = PgType.base(Oids.INT8, "int8");
        PgType numeric = PgType.base(Oids.NUMERIC, "numeric");
        PgType bpchar = PgType.base(Oids.BPCHAR, "bpchar");
        PgType date = PgType.base(Oids.DATE, "date");
        PgType varchar = PgType.base(Oids.VARCHAR, "varchar");
        int money = TypeModifiers.numericTypmod(15, 2);
        Object[][] columns = {
            {"l_orderkey", int8, -1}, {"l_partkey", int8, -1}, {"l_suppkey", int8, -1},
            {"l_linenumber", PgType.base(Oids.INT4, "int4"), -1},
            {"l_quantity", numeric, money}, {"l_extendedprice", numeric, money}, {"l_discount", numeric, money},
            {"l_tax", numeric, money},
            {"l_returnflag", bpchar, TypeModifiers.charTypmod(1)}, {"l_linestatus", bpchar, TypeModifiers.charTypmod(1)},
            {"l_shipdate", date, -1}, {"l_commitdate", date, -1}, {"l_receiptdate", date, -1},
            {"l_shipinstruct", varchar, TypeModifiers.charTypmod(25)},
            {"l_shipmode", varchar, TypeModifiers.charTypmod(10)}, {"l_comment", varchar, TypeModifiers.charTypmod(44)}};
        List<PgColumn> cols = new ArrayList<>();
        for (int k = 0; k < columns.length; k++) {
            cols.add(new PgColumn((String) columns[k][0], k + 1, (PgType) columns[k][1], (Integer) columns[k][2], true,
                    false, 0, false));
        }
        return new PgTable(name, 0, cols);
    }
}
