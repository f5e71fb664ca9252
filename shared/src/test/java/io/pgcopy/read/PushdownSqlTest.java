package io.pgcopy.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.read.Aggregate.Function;
import io.pgcopy.read.PushdownColumn.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is rendered, and what is refused because PostgreSQL would compute it differently from an engine. */
class PushdownSqlTest {
    private final PushdownSql sql = new PushdownSql(List.of(new PushdownColumn("i", Kind.INTEGER, 0, 0),
            new PushdownColumn("l", Kind.BIGINT, 0, 0), new PushdownColumn("f", Kind.FLOAT, 0, 0),
            new PushdownColumn("n", Kind.DECIMAL, 12, 3), new PushdownColumn("big", Kind.DECIMAL, 35, 2),
            new PushdownColumn("s", Kind.TEXT, 0, 0), new PushdownColumn("c", Kind.BPCHAR, 0, 0),
            new PushdownColumn("b", Kind.BOOL, 0, 0), new PushdownColumn("Odd \"name\"", Kind.INTEGER, 0, 0)));

    private Optional<String> aggregate(Function f, String column) {
        return sql.aggregate(new Aggregate(f, column));
    }

    @Test
    void rendersExactAggregates() {
        assertEquals(Optional.of("count(*)"), aggregate(Function.COUNT_STAR, null));
        assertEquals(Optional.of("count(\"c\")"), aggregate(Function.COUNT, "c"));
        assertEquals(Optional.of("count(DISTINCT \"s\" COLLATE \"C\")"), aggregate(Function.COUNT_DISTINCT, "s"));
        assertEquals(Optional.of("sum(\"i\")"), aggregate(Function.SUM, "i"));
        assertEquals(Optional.of("sum(\"n\")::numeric(22,3)"), aggregate(Function.SUM, "n"));
        assertEquals(Optional.of("sum(\"big\")::numeric(38,2)"), aggregate(Function.SUM, "big"));
        assertEquals(Optional.of("(sum(\"i\")::float8 / count(\"i\")::float8)"), aggregate(Function.AVG, "i"));
        assertEquals(Optional.of("max(\"s\" COLLATE \"C\")"), aggregate(Function.MAX, "s"));
        assertEquals(Optional.of("min(\"Odd \"\"name\"\"\")"), aggregate(Function.MIN, "Odd \"name\""));
    }

    @Test
    void refusesWhatEnginesComputeDifferently() {
        for (Aggregate a : List.of(new Aggregate(Function.SUM, "f"), new Aggregate(Function.AVG, "f"),
                new Aggregate(Function.SUM, "l"), new Aggregate(Function.AVG, "l"), new Aggregate(Function.AVG, "n"),
                new Aggregate(Function.MIN, "c"), new Aggregate(Function.MAX, "b"), new Aggregate(Function.SUM, "s"),
                new Aggregate(Function.COUNT, "unknown"))) {
            assertTrue(sql.aggregate(a).isEmpty(), a.toString());
        }
        assertTrue(sql.groupKey("f").isEmpty(), "-0 and 0");
        assertTrue(sql.orderKey("c", true, true).isEmpty(), "char(n) sorts without its padding");
    }

    @Test
    void groupsAndOrdersTextByteWise() {
        assertEquals(Optional.of("\"s\" COLLATE \"C\""), sql.groupKey("s"));
        assertEquals(Optional.of("\"c\" COLLATE \"C\""), sql.groupKey("c"));
        assertEquals(Optional.of("\"s\" COLLATE \"C\" DESC NULLS FIRST"), sql.orderKey("s", false, true));
        assertEquals(Optional.of("\"f\" ASC NULLS LAST"), sql.orderKey("f", true, false));
        assertEquals(" GROUP BY \"s\" COLLATE \"C\" ORDER BY \"i\" ASC NULLS LAST LIMIT 3 OFFSET 2",
                new PushedClauses(List.of("\"s\" COLLATE \"C\""), List.of("\"i\" ASC NULLS LAST"), 3, 2).sql());
    }
}
