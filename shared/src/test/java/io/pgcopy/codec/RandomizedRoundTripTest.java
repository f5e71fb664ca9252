package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.CopyBytes;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded random rows through the real write path; then PostgreSQL's own binary COPY of the stored
 * rows must equal, byte for byte, what pgcopy encoded: every value arrived exactly.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class RandomizedRoundTripTest {
    private static final long SEED = Long.getLong("pgcopy.seed", 20261122L);
    private static final int ROWS = 5_000;

    private static final List<SourceField> FIELDS = List.of(
            new SourceField("id", SourceType.INT, false),
            new SourceField("i8", SourceType.LONG, true),
            new SourceField("f8", SourceType.DOUBLE, true),
            new SourceField("f4", SourceType.FLOAT, true),
            new SourceField("n", SourceType.decimal(38, 9), true),
            new SourceField("nbig", SourceType.decimal(70, 30), true),
            new SourceField("t", SourceType.STRING, true),
            new SourceField("b", SourceType.BINARY, true),
            new SourceField("ts", SourceType.TIMESTAMP, true),
            new SourceField("d", SourceType.DATE, true),
            new SourceField("flag", SourceType.BOOLEAN, true),
            new SourceField("ints", SourceType.array(SourceType.INT, true), true),
            new SourceField("texts", SourceType.array(SourceType.STRING, true), true));

    @Test
    void randomRowsArriveExactly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE r (id int PRIMARY KEY, i8 bigint, f8 double precision, f4 real, n numeric,"
                + " nbig numeric, t text, b bytea, ts timestamp, d date, flag boolean, ints int[], texts text[])");
        Random random = new Random(SEED);
        List<ObjectValues> rows = new ArrayList<>();
        for (int id = 0; id < ROWS; id++) rows.add(randomRow(random, id));
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("r"), FIELDS, MappingOptions.DEFAULT);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan, plan.table().name(), 64 << 10)) {
                for (ObjectValues row : rows) writer.write(row);
                assertEquals(ROWS, writer.finish());
            }
            conn.commit();
            byte[] stored = CopyBytes.copyOut(conn, "SELECT id, i8, f8, f4, n, nbig, t, b, ts, d, flag, ints, texts"
                    + " FROM r ORDER BY id");
            assertEquals(CopyBytes.hex(CopyBytes.encode(plan, rows)), CopyBytes.hex(stored), "seed " + SEED);
        }
    }

    @Test
    void numericTypmodRoundsAsPostgresDoes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nt (id int PRIMARY KEY, v numeric(12,4))");
        Random random = new Random(SEED);
        List<ObjectValues> rows = new ArrayList<>();
        StringBuilder insert = new StringBuilder("INSERT INTO nt VALUES ");
        for (int id = 0; id < 2_000; id++) {
            int scale = random.nextInt(9);
            BigDecimal v = BigDecimal.valueOf(random.nextLong() % 99_999_999_000_000L / 1_000_000L, 0)
                    .movePointLeft(random.nextInt(9)).setScale(scale, java.math.RoundingMode.DOWN);
            if (random.nextInt(5) == 0) v = v.add(new BigDecimal("0.00005")).setScale(Math.max(5, scale),
                    java.math.RoundingMode.DOWN);
            rows.add(new ObjectValues(v));
            insert.append(id == 0 ? "" : ", ").append("(").append(id).append(", '").append(v.toPlainString())
                    .append("')");
        }
        db.execute(insert.toString());
        try (Connection conn = db.connect()) {
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("nt"),
                    List.of(new SourceField("v", SourceType.decimal(38, 8), true)), MappingOptions.DEFAULT);
            List<ObjectValues> scaled = new ArrayList<>();
            for (ObjectValues row : rows) scaled.add(new ObjectValues(row.getDecimal(0, 38, 8)));
            assertEquals(CopyBytes.hex(CopyBytes.copyOut(conn, "SELECT v FROM nt ORDER BY id")),
                    CopyBytes.hex(CopyBytes.encode(plan, scaled)));
        }
    }

    private static ObjectValues randomRow(Random r, int id) {
        return new ObjectValues(id,
                maybe(r, r.nextLong() >> r.nextInt(64)),
                maybe(r, randomDouble(r)),
                maybe(r, (float) randomDouble(r)),
                maybe(r, new BigDecimal(new BigInteger(r.nextInt(95) + 1, r), 9)),
                maybe(r, new BigDecimal(new BigInteger(r.nextInt(230) + 1, r).negate(), 30)),
                maybe(r, randomText(r)),
                maybe(r, randomBytes(r)),
                maybe(r, randomMicros(r)),
                maybe(r, r.nextInt(2_000_000) - 1_000_000),
                maybe(r, r.nextBoolean()),
                maybe(r, randomInts(r)),
                maybe(r, randomTexts(r)));
    }

    private static long randomMicros(Random r) {
        long micros = r.nextLong() % 200_000_000_000_000_000L;
        return r.nextBoolean() ? micros : micros / 1_000_000 * 1_000_000;
    }

    private static Object maybe(Random r, Object value) {
        return r.nextInt(10) == 0 ? null : value;
    }

    private static double randomDouble(Random r) {
        switch (r.nextInt(6)) {
            case 0: return Double.longBitsToDouble(r.nextLong());
            case 1: return r.nextGaussian() * 1e6;
            case 2: return r.nextInt(1000) / 8.0;
            default: return r.nextDouble();
        }
    }

    private static String randomText(Random r) {
        int n = r.nextInt(40);
        StringBuilder sb = new StringBuilder();
        String specials = "\t\n\r\\'\",{}; NULL\\N";
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(4)) {
                case 0: sb.append(specials.charAt(r.nextInt(specials.length()))); break;
                case 1: sb.appendCodePoint(0x1F600 + r.nextInt(80)); break;
                case 2: sb.appendCodePoint(0xA0 + r.nextInt(0x2000)); break;
                default: sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(50)];
        r.nextBytes(b);
        return b;
    }

    private static List<Object> randomInts(Random r) {
        Object[] a = new Object[r.nextInt(6)];
        for (int k = 0; k < a.length; k++) a[k] = r.nextInt(8) == 0 ? null : r.nextInt();
        return Arrays.asList(a);
    }

    private static List<Object> randomTexts(Random r) {
        Object[] a = new Object[r.nextInt(4)];
        for (int k = 0; k < a.length; k++) a[k] = r.nextInt(8) == 0 ? null : randomText(r);
        return Arrays.asList(a);
    }
}
