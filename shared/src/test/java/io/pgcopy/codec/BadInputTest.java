package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.copy.CopyFailedException;
import io.pgcopy.copy.PgCopyWriter;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.SchemaMismatchException;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad values fail with the table, column, row, value and type, and leave the target as it was;
 * incompatible schemas fail before any row is sent, with every problem in one message.
 */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class BadInputTest {
    @BeforeAll
    static void tables(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE color AS ENUM ('red', 'green')",
                "CREATE DOMAIN positive AS integer CHECK (VALUE > 0)",
                "CREATE TABLE target (id int NOT NULL, i4 integer, i2 smallint, v3 varchar(3), c2 char(2), t text,"
                        + " u uuid, j json, jb jsonb, n52 numeric(5,2), col color, net cidr, p positive,"
                        + " ts timestamptz, qty numeric(15,2), tm time)",
                "INSERT INTO target (id, t) VALUES (0, 'before')");
    }

    private CopyValueException check(TestDatabase db, String column, SourceType type, Object good, Object bad,
            String expectedProblem, String expectedValue) throws Exception {
        CopyValueException e = null;
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("target"), List.of(
                    new SourceField("id", SourceType.INT, false), new SourceField(column, type, true)),
                    MappingOptions.DEFAULT);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan)) {
                writer.write(new ObjectValues(1, good));
                writer.write(new ObjectValues(2, good));
                CopyValueException thrown = assertThrows(CopyValueException.class,
                        () -> writer.write(new ObjectValues(3, bad)));
                e = thrown;
            }
            conn.rollback();
        }
        assertEquals("public.target", e.table());
        assertEquals(column, e.column());
        assertEquals(3, e.row());
        assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
        assertTrue(e.getMessage().contains("row 3 of table public.target, column \"" + column + "\""), e.getMessage());
        if (expectedValue != null) assertEquals(expectedValue, e.value());
        assertEquals(List.of(List.of("0", "before")), db.queryText("SELECT id, t FROM target"), "table unchanged");
        return e;
    }

    @Test
    void bigintIntoIntegerOverflows(TestDatabase db) throws Exception {
        CopyValueException e = check(db, "i4", SourceType.LONG, 5L, 2_147_483_648L,
                "value out of range for type integer", "2147483648");
        assertEquals("integer", e.targetType());
    }

    @Test
    void intIntoSmallintOverflows(TestDatabase db) throws Exception {
        check(db, "i2", SourceType.INT, 5, -40_000, "value out of range for type smallint", "-40000");
    }

    @Test
    void varcharTooLong(TestDatabase db) throws Exception {
        CopyValueException e = check(db, "v3", SourceType.STRING, "abc", "abcd",
                "value too long for type character varying(3)", "abcd");
        assertEquals("character varying(3)", e.targetType());
    }

    @Test
    void charTooLong(TestDatabase db) throws Exception {
        check(db, "c2", SourceType.STRING, "ab", "abc", "value too long for type character(2)", "abc");
    }

    @Test
    void nulInText(TestDatabase db) throws Exception {
        check(db, "t", SourceType.STRING, "fine", "bad\0value", "NUL", "bad\0value");
    }

    @Test
    void invalidUuid(TestDatabase db) throws Exception {
        check(db, "u", SourceType.STRING, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "not-a-uuid",
                "invalid input syntax for type uuid", "not-a-uuid");
    }

    @Test
    void invalidTimeText(TestDatabase db) throws Exception {
        for (String bad : new String[] {"25:00", "12:60", "12:00:61", "noon", "12", "12:00:00.1x", "-1:00"}) {
            check(db, "tm", SourceType.STRING, "12:00", bad, "invalid input syntax for type time", bad);
        }
        check(db, "tm", SourceType.STRING, "24:00:00", "24:00:00.000001", "time out of range", "24:00:00.000001");
    }

    @Test
    void invalidJson(TestDatabase db) throws Exception {
        check(db, "j", SourceType.STRING, "{\"a\": 1}", "{\"a\": }", "invalid input syntax for type json",
                "{\"a\": }");
        check(db, "jb", SourceType.STRING, "[1]", "[1,", "invalid input syntax for type json", "[1,");
    }

    @Test
    void numericOutOfPrecision(TestDatabase db) throws Exception {
        check(db, "n52", SourceType.decimal(10, 2), new BigDecimal("999.99"), new BigDecimal("1000.00"),
                "numeric field overflow", "1000.00");
        // rounding up past the precision overflows too, as PostgreSQL's apply_typmod does
        check(db, "n52", SourceType.decimal(10, 3), new BigDecimal("1.000"), new BigDecimal("999.995"),
                "numeric field overflow", "999.995");
    }

    @Test
    void unknownEnumLabel(TestDatabase db) throws Exception {
        check(db, "col", SourceType.STRING, "red", "blue", "invalid input value for enum color", "blue");
    }

    @Test
    void cidrWithHostBits(TestDatabase db) throws Exception {
        check(db, "net", SourceType.STRING, "10.0.0.0/8", "10.0.0.1/8", "bits set to the right of the mask",
                "10.0.0.1/8");
    }

    @Test
    void nullIntoNotNullColumn(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("target"),
                    List.of(new SourceField("id", SourceType.INT, true)), MappingOptions.DEFAULT);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan)) {
                writer.write(new ObjectValues(1));
                CopyValueException e = assertThrows(CopyValueException.class,
                        () -> writer.write(new ObjectValues((Object) null)));
                assertEquals(2, e.row());
                assertTrue(e.getMessage().contains("NOT NULL"), e.getMessage());
            }
            conn.rollback();
        }
    }

    @Test
    void serverSideErrorsKeepSqlStateAndRow(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("target"), List.of(
                    new SourceField("id", SourceType.INT, false), new SourceField("p", SourceType.INT, true)),
                    MappingOptions.DEFAULT);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan)) {
                writer.write(new ObjectValues(1, 1));
                writer.write(new ObjectValues(2, -1)); // the domain's CHECK is the server's to enforce
                CopyFailedException e = assertThrows(CopyFailedException.class, writer::finish);
                assertEquals("23514", e.sqlState());
                assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("line 2"), e.getMessage());
            }
            conn.rollback();
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM target"));
    }

    @Test
    void incompatibleColumnsAreAllReportedBeforeAnyRow(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> WritePlanner.plan(conn,
                    TableName.parse("target"), List.of(
                            new SourceField("qty", SourceType.STRING, true, "Spark StringType"),
                            new SourceField("ts", SourceType.TIMESTAMP, true, "Spark TimestampNTZType"),
                            new SourceField("i4", SourceType.BOOLEAN, true),
                            new SourceField("nosuch", SourceType.INT, true)),
                    MappingOptions.DEFAULT));
            assertEquals(4, e.problems().size(), e.getMessage());
            assertTrue(e.getMessage().contains("column \"qty\": Spark StringType cannot be written to numeric(15,2)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("naiveTimestampZone"), e.getMessage());
            assertTrue(e.getMessage().contains("field \"nosuch\" has no column"), e.getMessage());
        }
    }

    @Test
    void extraFieldsCanBeIgnoredAndTypesOverridden(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            WritePlan plan = WritePlanner.plan(conn, TableName.parse("target"), List.of(
                    new SourceField("ID", SourceType.INT, false), new SourceField("nosuch", SourceType.INT, true),
                    new SourceField("t", SourceType.STRING, true)),
                    MappingOptions.DEFAULT.withIgnoreExtraFields(true).withColumnTypes(Map.of("t", "varchar(2)")));
            assertEquals(List.of("id", "t"), plan.columns().stream().map(c -> c.column().name()).toList());
            assertEquals("character varying(2)", plan.columns().get(1).typeDisplay());
        }
    }
}
