package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.copy.CopyFailedException;
import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random values, valid and not, for every writable type, with PostgreSQL as the oracle: each
 * value's text is also given to PostgreSQL as a literal for a column of the same type. What
 * PostgreSQL accepts, pgcopy must write, and the stored value must equal PostgreSQL's own reading of
 * the literal; what PostgreSQL refuses, pgcopy must refuse too — on the client with a {@link
 * CopyValueException} naming table, column, row and value, or from the server with a {@link
 * CopyFailedException} — and the table must be left as it was.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryTypeRandomizedTest {
    private static final int VALUES = 150;
    private static final long SEED = Long.getLong("pgcopy.seed", 20261204L);

    /** A generated value: what pgcopy is given, and its literal for PostgreSQL (null: refused by rule). */
    record Value(Object java, String literal) {}

    /** One column type, the engine type pgcopy writes into it, and a generator of values. */
    record Case(String pgType, SourceType source, Function<Random, Value> generator) {
        @Override
        public String toString() {
            return pgType + " <- " + source;
        }
    }

    private TestDatabase db;

    @BeforeAll
    void setUp(TestDatabase database) throws Exception {
        db = database;
        db.execute("CREATE EXTENSION IF NOT EXISTS citext", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'très content')",
                // the oracle: each literal into a probe column of the type, as INSERT does it (typmods, checks)
                "CREATE FUNCTION assign_each(probe regclass, literals text[]) RETURNS TABLE (k int, shown text,"
                        + " refused text) LANGUAGE plpgsql AS $$ BEGIN"
                        + " FOR i IN 1 .. coalesce(array_length(literals, 1), 0) LOOP k := i; shown := NULL; refused := NULL;"
                        + " BEGIN EXECUTE format('INSERT INTO %s (v) VALUES (%L) RETURNING v::text', probe, literals[i])"
                        + " INTO shown; EXCEPTION WHEN others THEN refused := SQLERRM; END; RETURN NEXT; END LOOP;"
                        + " END $$");
    }

    static List<Case> cases() {
        return List.of(
                new Case("smallint", SourceType.LONG, r -> number(randomLong(r))),
                new Case("integer", SourceType.LONG, r -> number(randomLong(r))),
                new Case("bigint", SourceType.LONG, r -> number(randomLong(r))),
                new Case("oid", SourceType.LONG, r -> {
                    long v = randomLong(r) >> r.nextInt(32);
                    // oidin also takes negative numbers and wraps them around; pgcopy refuses them
                    return v < 0 ? new Value(v, null) : number(v);
                }),
                new Case("real", SourceType.DOUBLE, r -> floating(randomDouble(r))),
                new Case("double precision", SourceType.DOUBLE, r -> floating(randomDouble(r))),
                new Case("real", SourceType.FLOAT, r -> floating((float) randomDouble(r))),
                new Case("numeric", SourceType.decimal(38, 10), r -> decimal(randomDecimal(r, 38, 10))),
                new Case("numeric(12,4)", SourceType.decimal(38, 10), r -> decimal(randomDecimal(r, 20, 10))),
                new Case("numeric(8,2)", SourceType.decimal(18, 0), r -> decimal(randomDecimal(r, 10, 0))),
                new Case("numeric(10,3)", SourceType.DOUBLE, r -> floating(randomDouble(r))),
                new Case("boolean", SourceType.BOOLEAN, r -> {
                    boolean b = r.nextBoolean();
                    return new Value(b, Boolean.toString(b));
                }),
                new Case("text", SourceType.STRING, r -> text(randomText(r, 30))),
                new Case("character varying(8)", SourceType.STRING, r -> text(randomText(r, 12))),
                new Case("character(4)", SourceType.STRING, r -> text(randomText(r, 7))),
                new Case("name", SourceType.STRING, r -> {
                    String s = randomText(r, 80);
                    // namein truncates what namerecv refuses: binary COPY follows namerecv
                    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63 ? new Value(s, null) : text(s);
                }),
                new Case("citext", SourceType.STRING, r -> text(randomText(r, 20))),
                new Case("uuid", SourceType.STRING, EveryTypeRandomizedTest::uuidText),
                new Case("uuid", SourceType.BINARY, r -> {
                    byte[] b = new byte[r.nextInt(5) == 0 ? r.nextInt(20) : 16];
                    r.nextBytes(b);
                    return new Value(b, b.length == 16 ? uuid(b) : null);
                }),
                new Case("json", SourceType.STRING, r -> text(randomJson(r))),
                new Case("jsonb", SourceType.STRING, r -> text(randomJson(r))),
                new Case("inet", SourceType.STRING, r -> text(randomAddress(r))),
                new Case("cidr", SourceType.STRING, r -> text(randomAddress(r))),
                new Case("mood", SourceType.STRING, r -> text(List.of("sad", "ok", "happy", "très content", "Happy",
                        "meh", "", " ok").get(r.nextInt(8)))),
                new Case("bytea", SourceType.BINARY, r -> {
                    byte[] b = new byte[r.nextInt(40)];
                    r.nextBytes(b);
                    return new Value(b, "\\x" + HexFormat.of().formatHex(b));
                }),
                new Case("date", SourceType.DATE, r -> {
                    LocalDate d = LocalDate.ofEpochDay(r.nextInt(6) == 0 ? r.nextInt()
                            : r.nextInt(6_000_000) - 3_000_000);
                    return new Value(d, dateText(d));
                }),
                new Case("time without time zone", SourceType.TIME, r -> {
                    LocalTime t = LocalTime.ofNanoOfDay((long) (r.nextDouble() * 86_400_000_000L) * 1000);
                    return new Value(t, t.toString());
                }),
                new Case("timestamp without time zone", SourceType.TIMESTAMP, r -> {
                    LocalDateTime t = LocalDateTime.ofEpochSecond(randomSeconds(r), r.nextInt(1_000_000) * 1000,
                            ZoneOffset.UTC);
                    return new Value(t, timestampText(t, ""));
                }),
                new Case("timestamp with time zone", SourceType.TIMESTAMP_LTZ, r -> {
                    Instant t = Instant.ofEpochSecond(randomSeconds(r), r.nextInt(1_000_000) * 1000L);
                    return new Value(t, timestampText(LocalDateTime.ofInstant(t, ZoneOffset.UTC), "+00"));
                }),
                new Case("timestamp without time zone", SourceType.TIMESTAMP_LTZ, r -> {
                    // an instant into a zone-less column: its wall clock in the session zone (UTC here)
                    Instant t = Instant.ofEpochSecond(randomSeconds(r), r.nextInt(1_000_000) * 1000L);
                    return new Value(t, timestampText(LocalDateTime.ofInstant(t, ZoneOffset.UTC), ""));
                }),
                new Case("integer[]", SourceType.array(SourceType.LONG, true), r -> {
                    List<Object> a = new ArrayList<>();
                    for (int k = r.nextInt(5); k > 0; k--) a.add(r.nextInt(6) == 0 ? null : randomLong(r) >> 30);
                    return new Value(a, "{" + a.stream().map(v -> v == null ? "NULL" : v.toString())
                            .collect(Collectors.joining(",")) + "}");
                }),
                new Case("character varying(3)[]", SourceType.array(SourceType.STRING, true), r -> {
                    List<Object> a = new ArrayList<>();
                    for (int k = r.nextInt(4); k > 0; k--) a.add(r.nextInt(6) == 0 ? null : randomText(r, 5));
                    return new Value(a, "{" + a.stream().map(v -> v == null ? "NULL" : "\"" + v.toString()
                            .replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(Collectors.joining(",")) + "}");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesArriveAsPostgresReadsThemOrAreRefused(Case c) throws Exception {
        String table = "t_" + Math.abs(c.toString().hashCode());
        db.execute("CREATE TABLE " + table + " (k int PRIMARY KEY, v " + c.pgType() + ")",
                "CREATE TABLE " + table + "_probe (v " + c.pgType() + ")");
        Random random = new Random(SEED ^ c.toString().hashCode());
        List<Value> values = new ArrayList<>();
        for (int k = 0; k < VALUES; k++) values.add(c.generator().apply(random));
        List<String> shown = oracle(table + "_probe", values);
        List<SourceField> fields = List.of(new SourceField("k", SourceType.INT, false), new SourceField("v", c.source(),
                true));
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            try (Statement s = conn.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
            }
            WritePlan plan = WritePlanner.plan(conn, TableName.parse(table), fields,
                    MappingOptions.DEFAULT.withSessionZone(ZoneId.of("UTC")));
            List<ObjectValues> good = new ArrayList<>();
            for (int k = 0; k < VALUES; k++) {
                if (shown.get(k) == null) {
                    refused++;
                    String problem = refusal(conn, plan, table, k, values.get(k));
                    if (problem != null) problems.add(problem);
                } else {
                    accepted++;
                    good.add(new ObjectValues(k, values.get(k).java()));
                }
            }
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan, plan.table().name(), 1 << 16)) {
                for (ObjectValues row : good) writer.write(row);
                writer.finish();
                conn.commit();
            } catch (RuntimeException e) {
                conn.rollback();
                problems.add("values PostgreSQL accepts were refused: " + e.getMessage());
            }
            List<List<String>> stored = db.queryText("SELECT k, v::text FROM " + table + " ORDER BY k");
            if (problems.isEmpty()) {
                assertEquals(good.size(), stored.size(), c + ": rows stored");
                for (List<String> row : stored) {
                    int k = Integer.parseInt(row.get(0));
                    if (!shown.get(k).equals(row.get(1))) {
                        problems.add("value " + describe(values.get(k)) + " stored as " + row.get(1)
                                + ", PostgreSQL reads its literal as " + shown.get(k));
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), c + ": " + problems.size() + " problems:\n" + String.join("\n",
                problems.subList(0, Math.min(20, problems.size()))));
        // the generators are not degenerate: both outcomes happen where values can be refused
        assertTrue(accepted > VALUES / 10, c + ": only " + accepted + " values PostgreSQL accepts");
        System.out.printf("%s: %d written as PostgreSQL reads them, %d refused like PostgreSQL%n", c, accepted,
                refused);
    }

    /** A value PostgreSQL refuses, after two good rows: pgcopy must refuse it clearly and leave nothing. */
    private String refusal(Connection conn, WritePlan plan, String table, int k, Value value) throws Exception {
        long before = db.queryLong("SELECT count(*) FROM " + table);
        String outcome = null;
        try (PgCopyWriter writer = new PgCopyWriter(conn, plan, plan.table().name(), 1 << 16)) {
            writer.write(new ObjectValues(-1, null));
            writer.write(new ObjectValues(-2, null));
            writer.write(new ObjectValues(k, value.java()));
            writer.finish();
            outcome = "value " + describe(value) + " is refused by PostgreSQL but pgcopy wrote it";
        } catch (CopyValueException e) {
            if (!e.getMessage().contains("\"v\"") || e.row() != 3 || !e.getMessage().contains(table)) {
                outcome = "unclear error for " + describe(value) + ": " + e.getMessage();
            }
        } catch (CopyFailedException e) {
            if (!e.getMessage().contains(table)) outcome = "unclear error for " + describe(value) + ": " + e.getMessage();
        } catch (RuntimeException e) {
            outcome = "not a pgcopy error for " + describe(value) + ": " + e;
        } finally {
            conn.rollback();
        }
        if (db.queryLong("SELECT count(*) FROM " + table) != before) {
            outcome = "rows were left behind after " + describe(value) + " failed";
        }
        return outcome;
    }

    /** PostgreSQL's text of each literal in a column of the type, or null where it refuses it. */
    private List<String> oracle(String probe, List<Value> values) throws Exception {
        // PostgreSQL cannot even be given a NUL: such literals are refused without asking
        String[] literals = values.stream().map(Value::literal).map(l -> l == null || l.indexOf('\0') >= 0 ? null : l)
                .toArray(String[]::new);
        List<String> shown = new ArrayList<>(Arrays.asList(new String[values.size()]));
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT k, shown FROM assign_each(?::regclass, ?)")) {
                ps.setString(1, probe);
                Array array = c.createArrayOf("text", literals);
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int k = rs.getInt(1) - 1;
                        if (literals[k] != null) shown.set(k, rs.getString(2));
                    }
                }
            }
        }
        return shown;
    }

    private static String describe(Value v) {
        Object j = v.java();
        String text = j instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(j);
        return "'" + text.replace("\0", "\\0") + "'";
    }

    private static Value number(long v) {
        return new Value(v, Long.toString(v));
    }

    private static Value floating(double v) {
        return new Value(v, Double.toString(v));
    }

    private static Value decimal(BigDecimal v) {
        return new Value(v, v.toPlainString());
    }

    private static Value text(String s) {
        return new Value(s, s);
    }

    private static long randomLong(Random r) {
        long v = r.nextLong() >> r.nextInt(64);
        return r.nextInt(8) == 0 ? List.of(Long.MIN_VALUE, Long.MAX_VALUE, 32767L, 32768L, -32768L, -32769L,
                2147483647L, 2147483648L, 4294967295L, 4294967296L, 0L, -1L).get(r.nextInt(12)) : v;
    }

    private static double randomDouble(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.longBitsToDouble(r.nextLong());
            case 1 -> List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                    Double.MAX_VALUE, 3.4028235e38, 3.5e38, 1e-40, 1e-46, 9999999.9995, 0.0005).get(r.nextInt(12));
            case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(20));
            default -> Math.round(r.nextGaussian() * 1e6) / 1000.0;
        };
    }

    private static BigDecimal randomDecimal(Random r, int digits, int scale) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt((int) (digits * 3.32)), r);
        BigDecimal v = new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), scale);
        return r.nextInt(6) == 0 ? v.setScale(0, java.math.RoundingMode.DOWN).setScale(scale) : v;
    }

    private static String randomText(Random r, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxLength + 1);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(7)) {
                case 0 -> sb.append(" \t\n\\'\",{}".charAt(r.nextInt(9)));
                case 1 -> sb.appendCodePoint(0x1F600 + r.nextInt(80));
                case 2 -> sb.appendCodePoint(0xA0 + r.nextInt(0x2000));
                case 3 -> sb.append(r.nextInt(60) == 0 ? '\0' : ' ');
                default -> sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private static Value uuidText(Random r) {
        byte[] b = new byte[16];
        r.nextBytes(b);
        String canonical = uuid(b);
        String hex = canonical.replace("-", "");
        String s = switch (r.nextInt(8)) {
            case 0 -> canonical.toUpperCase(java.util.Locale.ROOT);
            case 1 -> "{" + canonical + "}";
            case 2 -> hex;
            case 3 -> canonical.substring(0, 35);
            case 4 -> canonical.replace('a', 'g');
            case 5 -> " " + canonical;
            default -> canonical;
        };
        return text(s);
    }

    private static String uuid(byte[] b) {
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    private static String randomJson(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "{\"a\": 1";
            case 1 -> "[1, 2,]";
            case 2 -> "{\"k\": \"\\u0000\"}";
            case 3 -> "{\"k\": \"\\ud83d\\ude00\", \"n\": -1.5e300}";
            case 4 -> "  {\"dup\": 1, \"dup\": 2}  ";
            case 5 -> "\"" + randomText(r, 8).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\t", "\\t").replace("\0", "") + "\"";
            case 6 -> "nul";
            case 7 -> Long.toString(r.nextLong());
            default -> "{\"id\": " + r.nextInt(1000) + ", \"tags\": [\"x\", null, true], \"nested\": {\"z\": []}}";
        };
    }

    private static String randomAddress(Random r) {
        int a = r.nextInt(256);
        int b = r.nextInt(256);
        return switch (r.nextInt(9)) {
            case 0 -> a + "." + b + ".0.0/16";
            case 1 -> a + "." + b + "." + r.nextInt(256) + "." + r.nextInt(256);
            case 2 -> a + "." + b + "." + r.nextInt(256) + "." + r.nextInt(256) + "/" + r.nextInt(34);
            case 3 -> "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::/" + r.nextInt(130);
            case 4 -> "::ffff:" + a + "." + b + ".1.2";
            case 5 -> "fe80::1%eth0";
            case 6 -> r.nextBoolean() ? a + "." + b : a + "." + b + "." + r.nextInt(256) + (r.nextBoolean() ? "/24" : "");
            case 7 -> "300." + a + ".0.1";
            default -> "2001:DB8::" + Integer.toHexString(r.nextInt(65536));
        };
    }

    private static long randomSeconds(Random r) {
        // mostly ordinary dates, some far in the past (BC) and beyond PostgreSQL's range
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong() % 9_200_000_000_000L; // within what microseconds since 1970 can hold
            case 1 -> -r.nextInt(Integer.MAX_VALUE) * 100L;
            default -> r.nextInt(Integer.MAX_VALUE) - 1_000_000_000L;
        };
    }

    private static String dateText(LocalDate d) {
        return d.getYear() > 0 ? String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth())
                : String.format("%04d-%02d-%02d BC", 1 - d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private static String timestampText(LocalDateTime t, String zone) {
        String time = String.format(" %02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1000);
        LocalDate d = t.toLocalDate();
        String date = d.getYear() > 0 ? String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth()) : String.format("%04d-%02d-%02d", 1 - d.getYear(), d.getMonthValue(),
                d.getDayOfMonth());
        return date + time + zone + (d.getYear() > 0 ? "" : " BC");
    }
}
