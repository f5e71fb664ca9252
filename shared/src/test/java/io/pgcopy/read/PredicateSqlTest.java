package io.pgcopy.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.read.Predicate.And;
import io.pgcopy.read.Predicate.Compare;
import io.pgcopy.read.Predicate.In;
import io.pgcopy.read.Predicate.IsNull;
import io.pgcopy.read.Predicate.Match;
import io.pgcopy.read.Predicate.Not;
import io.pgcopy.read.Predicate.Op;
import io.pgcopy.read.Predicate.Or;
import io.pgcopy.read.Predicate.StringMatch;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pushed filters select exactly the rows the same condition in SQL would, and values can never escape. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class PredicateSqlTest {
    private static final PredicateSql SQL = new PredicateSql(Set.of("i", "s", "d", "ts", "tz", "n", "f", "b", "Mixed", "icu"),
            Set.of("s", "icu"));

    @BeforeAll
    static void data(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE p (i int, s text, d date, ts timestamp, tz timestamptz, n numeric, f float8,"
                        + " b bytea, \"Mixed\" int, icu text COLLATE \"und-x-icu\")",
                "INSERT INTO p VALUES (1, 'a''b', '2020-01-01', '2020-01-01 10:00', '2020-01-01 10:00+00', 1.5,"
                        + " 'NaN', '\\x00ff', 1),"
                        + " (2, '50%_off\\x', '0044-03-15 BC', '1999-12-31 23:59:59.999999', '1970-01-01 00:00+00',"
                        + " -2, 1.25, '\\x01', 2),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (4, '''; DROP TABLE p; --', '2024-02-29', '2024-02-29 00:00', '2024-02-29 12:00+00',"
                        + " 1e20, '-Infinity', '\\x', 4)",
                "UPDATE p SET icu = CASE i WHEN 1 THEN 'B' WHEN 2 THEN 'a' WHEN 4 THEN 'b' END");
    }

    private static String ids(TestDatabase db, Predicate p) throws Exception {
        String where = SQL.render(p).orElseThrow();
        return db.queryString("SELECT coalesce(string_agg(i::text, ',' ORDER BY i), '') FROM p WHERE " + where);
    }

    @Test
    void comparisonsOfEveryLiteralKind(TestDatabase db) throws Exception {
        assertEquals("1", ids(db, new Compare("s", Op.EQ, "a'b")));
        assertEquals("4", ids(db, new Compare("s", Op.EQ, "'; DROP TABLE p; --")));
        assertEquals("2", ids(db, new Compare("s", Op.EQ, "50%_off\\x")));
        assertEquals("2", ids(db, new Compare("d", Op.LT, LocalDate.of(-43, 3, 16))));
        assertEquals("1,4", ids(db, new Compare("d", Op.GE, LocalDate.of(2020, 1, 1))));
        assertEquals("2", ids(db, new Compare("ts", Op.EQ, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000))));
        assertEquals("2", ids(db, new Compare("tz", Op.EQ, Instant.EPOCH)));
        assertEquals("1", ids(db, new Compare("n", Op.EQ, new BigDecimal("1.50"))));
        assertEquals("4", ids(db, new Compare("n", Op.GT, new BigDecimal("1E+19"))));
        assertEquals("1", ids(db, new Compare("f", Op.EQ, Double.NaN)));
        assertEquals("4", ids(db, new Compare("f", Op.LT, -1e308)));
        assertEquals("1", ids(db, new Compare("b", Op.EQ, new byte[] {0, (byte) 0xFF})));
        assertEquals("1,2,4", ids(db, new Compare("i", Op.NE, 3L)));
        assertEquals("3", ids(db, new IsNull("s", false)));
        assertEquals("4", ids(db, new Compare("Mixed", Op.EQ, 4)));
        assertEquals("", ids(db, new In("i", List.of())));
        assertEquals("1,3", ids(db, new In("i", Arrays.asList(1, 3, null))));
    }

    @Test
    void likePatternsEscapeTheirWildcards(TestDatabase db) throws Exception {
        assertEquals("2", ids(db, new StringMatch("s", Match.STARTS_WITH, "50%_")));
        assertEquals("", ids(db, new StringMatch("s", Match.STARTS_WITH, "5_")));
        assertEquals("2", ids(db, new StringMatch("s", Match.ENDS_WITH, "\\x")));
        assertEquals("1,4", ids(db, new StringMatch("s", Match.CONTAINS, "'")));
    }

    @Test
    void textIsOrderedByteWiseWhateverTheCollation(TestDatabase db) throws Exception {
        // ICU puts 'a' before 'B'; engines compare code points, where 'B' (0x42) comes first
        assertEquals("1", ids(db, new Compare("icu", Op.LT, "a")));
        assertEquals("2,4", ids(db, new Compare("icu", Op.GT, "B")));
        assertEquals("1", ids(db, new StringMatch("icu", Match.STARTS_WITH, "B")));
        assertTrue(SQL.render(new StringMatch("i", Match.STARTS_WITH, "1")).isEmpty(), "LIKE only on text");
    }

    @Test
    void booleanCombinations(TestDatabase db) throws Exception {
        Predicate p = new Or(new And(new Compare("i", Op.GT, 1), new IsNull("s", true)), new Not(new Compare("i",
                Op.LE, 3)));
        assertEquals("2,4", ids(db, p));
        assertEquals("1", ids(db, new Compare("i", Op.NULL_SAFE_EQ, 1)));
    }

    @Test
    void unknownColumnsAndNulValuesAreNotPushed() {
        assertTrue(SQL.render(new Compare("nosuch", Op.EQ, 1)).isEmpty());
        assertTrue(SQL.render(new Compare("s", Op.EQ, "a\0b")).isEmpty());
        assertTrue(SQL.render(new And(new Compare("i", Op.EQ, 1), new Compare("s", Op.EQ, new Object()))).isEmpty());
    }
}
