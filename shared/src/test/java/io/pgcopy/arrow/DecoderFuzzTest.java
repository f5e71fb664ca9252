package io.pgcopy.arrow;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * The per-type Arrow decoders fed thousands of damaged values, with PostgreSQL's own receive
 * functions as the oracle: each damaged value is also COPYed into a column of the same type. A
 * decoder must refuse with a {@link DecodeException}, or make exactly the value PostgreSQL makes of
 * the same bytes (compared by decoding PostgreSQL's re-sent binary) — never another exception, never
 * a value PostgreSQL would refuse, never a different value, and never unbounded memory.
 */
@ExtendWith(PostgresExtension.class)
class DecoderFuzzTest {
    private static final int CASES = 6_000;
    private static final long SEED = Long.getLong("pgcopy.seed", 20261204L);
    private static final int ROWS_PER_ROOT = 512;
    private static final long MAX_VECTOR_BYTES = 64L << 20;
    /** Types read as text passed on byte for byte (see {@link #passedThrough}). */
    private static final java.util.Set<String> TEXT_TYPES = java.util.Set.of("text", "character varying",
            "character", "name", "json", "jsonb");

    /** Every type family the reader decodes natively, with a few edge values each. */
    private static final String SOURCE = "SELECT * FROM (VALUES"
            + " (true, 1::int2, 7::int4, -9007199254740993::int8, 4000000000::oid, 1.5::float4, -2.5e300::float8,"
            + "  12345678.9012::numeric(20,4), 0.000001::numeric, 'plain ascii'::text, 'näive'::varchar(10),"
            + "  'ab'::char(5), 'a name'::name, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{\"k\": [1, 2]}'::json,"
            + "  '{\"a\": {\"b\": null}, \"n\": 1.5}'::jsonb, '\\x00ff10'::bytea, '2024-02-29'::date, '23:59:59.999999'::time,"
            + "  '2024-02-29 12:34:56.789'::timestamp, '1999-12-31 23:59:59+05'::timestamptz,"
            + "  '1 year 2 mons 3 days 04:05:06.5'::interval, '192.168.0.1/24'::inet, '10.0.0.0/8'::cidr,"
            + "  '2001:db8::1'::inet, '{1,NULL,3}'::int4[], '{\"a\",\"b c\",NULL}'::text[],"
            + "  '{{1,2},{3,4}}'::int8[], '{1.25,-2.5}'::numeric(10,2)[], '{2020-01-01,infinity}'::date[]),"
            + " (false, '-32768'::int2, 2147483647::int4, 0::int8, 0::oid, 'NaN'::float4, '-Infinity'::float8,"
            + "  -0.0001::numeric(20,4), -123456789012345678901234567890.5::numeric, '☃ snow'::text, ''::varchar(10),"
            + "  'abcde'::char(5), ''::name, '00000000-0000-0000-0000-000000000000'::uuid, '[]'::json, '[1, \"x\"]'::jsonb,"
            + "  ''::bytea, '0001-01-01 BC'::date, '00:00:00'::time, '294276-12-31 23:59:59.999999'::timestamp,"
            + "  '1970-01-01 00:00:00+00'::timestamptz, '-178000000 years'::interval, '::1'::inet, '::/0'::cidr,"
            + "  '0.0.0.0/0'::inet, '{}'::int4[], '{\"\"}'::text[], '{{5}}'::int8[], '{}'::numeric(10,2)[],"
            + "  '{-infinity}'::date[])) AS v(b, i2, i4, i8, o, f4, f8, n, nu, t, vc, bp, nm, u, j, jb, by, d, tm, ts,"
            + " tz, iv, ip4, cd, ip6, ia, ta, la, na, da)";

    @Test
    void damagedValuesAreRefusedOrReadAsPostgresReadsThem(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); BufferAllocator allocator = new RootAllocator()) {
            // a table, so that columns carry their typmods as in a real read
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE fuzz_source AS " + SOURCE);
            }
            ReadPlanner.Plan plan = ReadPlanner.query(c, "SELECT * FROM fuzz_source", ReadOptions.DEFAULT);
            String select = plan.copySql().substring("COPY (".length(), plan.copySql().lastIndexOf(") TO STDOUT"));
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                s.execute("CREATE TABLE oracle AS " + select + " LIMIT 0");
            }
            List<String> columns = oracleColumns(c);
            List<List<byte[]>> seeds = fieldsOf(c, plan.copySql(), columns.size());
            c.setAutoCommit(false);
            Outcomes outcomes = new Outcomes();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                Random random = new Random(SEED);
                VectorSchemaRoot root = null;
                try {
                    for (int k = 0; k < CASES; k++) {
                        if (k % (ROWS_PER_ROOT / 2) == 0) {
                            if (root != null) root.close();
                            root = bind(plan, allocator);
                        }
                        int col = random.nextInt(columns.size());
                        byte[] seed = seeds.get(random.nextInt(seeds.size())).get(col);
                        byte[] damaged = damage(seed, random);
                        String where = "seed " + SEED + ", case " + k + ", column " + columns.get(col) + " ("
                                + plan.columns().get(col).column().typeDisplay() + "), bytes " + hex(damaged);
                        int row = 2 * (k % (ROWS_PER_ROOT / 2));
                        check(c, plan, root, col, columns.get(col), damaged, row, where, outcomes);
                        assertTrue(allocator.getAllocatedMemory() < MAX_VECTOR_BYTES,
                                where + ": vectors hold " + allocator.getAllocatedMemory() + " bytes");
                    }
                } finally {
                    if (root != null) root.close();
                }
            });
            c.rollback();
            assertTrue(outcomes.wrong.isEmpty(), outcomes.wrongByColumn + "\n" + String.join("\n",
                    outcomes.wrong.subList(0, Math.min(30, outcomes.wrong.size()))));
            // the damage is not so gentle that everything passes, nor so rough that nothing does
            assertTrue(outcomes.refused > CASES / 5 && outcomes.sameValue > CASES / 10, outcomes.toString());
        }
    }

    /** One damaged value through our decoder and through PostgreSQL's receive function. */
    private static void check(Connection c, ReadPlanner.Plan plan, VectorSchemaRoot root, int col, String column,
            byte[] damaged, int row, String where, Outcomes outcomes) throws Exception {
        ColumnDecoder decoder = plan.columns().get(col).decoder();
        FieldVector vector = root.getVector(col);
        String ours;
        try {
            decoder.decode(damaged, 0, damaged.length, row);
            vector.setValueCount(row + 1);
            ours = PgText.of(vector, row);
        } catch (DecodeException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), where + ": refused without a message");
            outcomes.refused++;
            return;
        } catch (RuntimeException e) {
            outcomes.wrong(column, where + ": not a clear decode error but " + e);
            return;
        }
        byte[] canonical = postgresRoundTrip(c, column, damaged);
        if (canonical == null) {
            if (passedThrough(plan, col, vector, row, damaged)) {
                outcomes.passedThrough++;
                return;
            }
            outcomes.wrong(column, where + ": read as " + ours + ", but PostgreSQL refuses these bytes");
            return;
        }
        try {
            decoder.decode(canonical, 0, canonical.length, row + 1);
        } catch (DecodeException e) {
            outcomes.wrong(column, where + ": read as " + ours + ", but PostgreSQL's own form of it is refused: "
                    + e.getMessage());
            return;
        }
        vector.setValueCount(row + 2);
        String theirs = PgText.of(vector, row + 1);
        if (!ours.equals(theirs) && passedThrough(plan, col, vector, row, damaged)) {
            outcomes.passedThrough++;
            return;
        }
        if (!ours.equals(theirs) && !sameJson(c, plan, col, ours, theirs)) {
            outcomes.wrong(column, where + ": read as " + ours + ", PostgreSQL reads " + theirs);
            return;
        }
        outcomes.sameValue++;
    }

    /**
     * Text values (UTF-8 and NUL unchecked, JSON unparsed, char(n) unpadded) arrive exactly as sent:
     * the reader does not redo what PostgreSQL's receive functions did when the value was stored.
     */
    private static boolean passedThrough(ReadPlanner.Plan plan, int col, FieldVector vector, int row, byte[] sent) {
        String type = plan.columns().get(col).column().typeDisplay().replaceAll("\\(\\d+\\)", "");
        if (type.equals("text[]") && vector instanceof ListVector list
                && list.getDataVector() instanceof VarCharVector elements) {
            List<byte[]> sentElements = oneDimensionalElements(sent);
            int first = list.getElementStartIndex(row);
            if (sentElements == null || sentElements.size() != list.getElementEndIndex(row) - first) return false;
            for (int k = 0; k < sentElements.size(); k++) {
                byte[] got = elements.isNull(first + k) ? null : elements.get(first + k);
                if (!Arrays.equals(sentElements.get(k), got)) return false;
            }
            return true;
        }
        if (!TEXT_TYPES.contains(type) || !(vector instanceof VarCharVector text)) return false;
        byte[] expected = type.equals("jsonb") ? Arrays.copyOfRange(sent, 1, sent.length) : sent;
        return Arrays.equals(expected, text.get(row));
    }

    /** The elements of a one-dimensional array_send payload (null for NULL), or null if it is not one. */
    private static List<byte[]> oneDimensionalElements(byte[] array) {
        ByteBuffer b = ByteBuffer.wrap(array);
        if (array.length < 20 || b.getInt(0) != 1) return null;
        int count = b.getInt(12);
        b.position(20);
        List<byte[]> elements = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (b.remaining() < 4) return null;
            int len = b.getInt();
            if (len > b.remaining()) return null;
            byte[] e = null;
            if (len >= 0) {
                e = new byte[len];
                b.get(e);
            }
            elements.add(e);
        }
        return elements;
    }

    /** jsonb's receive function normalises the text (spaces, key order); compare as jsonb. */
    private static boolean sameJson(Connection c, ReadPlanner.Plan plan, int col, String ours, String theirs)
            throws SQLException {
        if (!plan.columns().get(col).column().typeDisplay().equals("jsonb")) return false;
        try (PreparedStatement s = c.prepareStatement("SELECT ?::jsonb = ?::jsonb")) {
            s.setString(1, ours);
            s.setString(2, theirs);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * COPYs the bytes into the oracle column and back: PostgreSQL's re-sent binary of what its receive
     * function made of them, or null when it refuses them.
     */
    private static byte[] postgresRoundTrip(Connection c, String column, byte[] field) throws Exception {
        Savepoint savepoint = c.setSavepoint();
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            pg.getCopyAPI().copyIn("COPY oracle (" + column + ") FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(oneFieldStream(field)));
            List<List<byte[]>> back = fieldsOf(c, "COPY (SELECT " + column + " FROM oracle) TO STDOUT (FORMAT binary)", 1);
            return back.get(0).get(0);
        } catch (SQLException e) {
            return null;
        } finally {
            c.rollback(savepoint);
        }
    }

    private static byte[] oneFieldStream(byte[] field) {
        ByteBuffer b = ByteBuffer.allocate(19 + 2 + 4 + field.length + 2);
        b.put("PGCOPY\n\377\r\n\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(0).putInt(0);
        b.putShort((short) 1).putInt(field.length).put(field).putShort((short) -1);
        return b.array();
    }

    /** The raw field bytes of every row a binary COPY sends. */
    private static List<List<byte[]>> fieldsOf(Connection c, String copySql, int columns) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql, out);
        BinaryCopyReader reader = new BinaryCopyReader(new ByteArrayInputStream(out.toByteArray()), 1 << 12);
        List<List<byte[]>> rows = new ArrayList<>();
        while (reader.nextRow()) {
            List<byte[]> row = new ArrayList<>();
            for (int f = 0; f < columns; f++) {
                int len = reader.nextField();
                if (len < 0) throw new AssertionError("the fuzz seeds have no NULLs");
                row.add(Arrays.copyOfRange(reader.buffer(), reader.offset(), reader.offset() + len));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> oracleColumns(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM oracle")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add('"' + rs.getMetaData().getColumnName(i) + '"');
            }
        }
        return names;
    }

    private static VectorSchemaRoot bind(ReadPlanner.Plan plan, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator);
        for (int k = 0; k < plan.columns().size(); k++) {
            FieldVector v = root.getVector(k);
            v.setInitialCapacity(ROWS_PER_ROOT);
            v.allocateNew();
            plan.columns().get(k).decoder().bind(v);
        }
        return root;
    }

    /** Truncations, extensions, flipped bytes, planted lengths/counts and plain garbage. */
    private static byte[] damage(byte[] seed, Random random) {
        byte[] d = seed.clone();
        switch (random.nextInt(7)) {
            case 0 -> d = Arrays.copyOf(d, d.length == 0 ? 0 : random.nextInt(d.length));
            case 1 -> {
                d = Arrays.copyOf(d, d.length + 1 + random.nextInt(8));
                for (int i = seed.length; i < d.length; i++) d[i] = (byte) random.nextInt(256);
            }
            case 2 -> {
                for (int k = random.nextInt(3); k >= 0 && d.length > 0; k--) {
                    d[random.nextInt(d.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 3 -> { // a planted 4-byte header word: lengths, dimensions, element oids, counts
                if (d.length >= 4) {
                    int at = 4 * random.nextInt(d.length / 4);
                    ByteBuffer.wrap(d).putInt(at, new int[] {-1, 0, 1, 2, 7, 1 << 20, Integer.MAX_VALUE,
                        Integer.MIN_VALUE, 25, 23}[random.nextInt(10)]);
                }
            }
            case 4 -> { // a planted 2-byte word: numeric's ndigits, weight, sign, dscale, digits
                if (d.length >= 2) {
                    int at = 2 * random.nextInt(d.length / 2);
                    ByteBuffer.wrap(d).putShort(at, new short[] {-1, 0, 1, 9999, 10000, 0x4000, (short) 0xC000,
                        (short) 0xD000, 1000, Short.MAX_VALUE}[random.nextInt(10)]);
                }
            }
            case 5 -> random.nextBytes(d);
            default -> {
                d = new byte[random.nextInt(33)];
                random.nextBytes(d);
            }
        }
        return d;
    }

    private static String hex(byte[] b) {
        return PgText.hex(b.length > 64 ? Arrays.copyOf(b, 64) : b) + (b.length > 64 ? "…" : "");
    }

    private static final class Outcomes {
        int refused;
        int sameValue;
        int passedThrough;
        final List<String> wrong = new ArrayList<>();
        final java.util.Map<String, Integer> wrongByColumn = new java.util.TreeMap<>();

        void wrong(String column, String what) {
            wrong.add(what);
            wrongByColumn.merge(column, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return "refused " + refused + ", read as PostgreSQL reads them " + sameValue + ", text passed through "
                    + passedThrough;
        }
    }
}
