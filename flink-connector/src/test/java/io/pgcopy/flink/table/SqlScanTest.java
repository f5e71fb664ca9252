package io.pgcopy.flink.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SQL scan ({@code 'connector' = 'pgcopy'} as a source): projection, limit and the filters it
 * pushes into the COPY give exactly the rows Flink's own evaluation of the same filters gives (the
 * column wrapped in CONCAT(s, '') is a call, which no source is handed, so Flink evaluates it).
 */
@ExtendWith(PostgresExtension.class)
class SqlScanTest {
    static TestDatabase db;
    static TableEnvironment t;

    @BeforeAll
    static void tables() throws Exception {
        // a linguistic collation where there is one: the pushed comparisons must not depend on it
        String collation = db.queryText("SELECT coalesce((SELECT quote_ident(collname) FROM pg_collation WHERE collname"
                + " IN ('en_US.utf8', 'en_US', 'en-x-icu', 'und-x-icu') ORDER BY collname LIMIT 1), '\"default\"')").get(0).get(0);
        db.execute("CREATE TABLE words (id int PRIMARY KEY, s text COLLATE " + collation + ", n numeric(10,2), d date)",
                "INSERT INTO words VALUES (1, '50% off', 1.5, '2024-01-01'), (2, '50_off', -2, '2024-02-29'),"
                        + " (3, 'O''Brien', 0, NULL), (4, 'back\\slash', 100.25, '1999-12-31'), (5, 'a', 3, '2000-01-01'),"
                        + " (6, 'B', NULL, '2000-01-02'), (7, 'b', 7, '2000-01-03'), (8, E'line\\nbreak%', 8, '2000-01-04'),"
                        + " (9, NULL, 9, '2000-01-05'), (10, 'ünï', 10, '2000-01-06'), (11, '%', 11, '2000-01-07'),"
                        + " (12, 'x''%''y', 12, '2000-01-08'), (13, '_', 13, '2000-01-09'), (14, '\\\\', 14, '2000-01-10')");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE words (id INT, s STRING, n DECIMAL(10, 2), d DATE) WITH ('connector' = 'pgcopy',"
                + " 'url' = '" + db.url() + "', 'table-name' = 'words', 'scan.partition.column' = 'id',"
                + " 'scan.partition.num' = '3')");
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        out.sort(null);
        return out;
    }

    @Test
    void pushedFiltersGiveWhatFlinkGives() throws Exception {
        String[] filters = {
            "s LIKE '50%%'", "s LIKE '%\\_%' ESCAPE '\\'", "s LIKE '50!%%' ESCAPE '!'", "s LIKE '%''%'",
            "s = 'O''Brien'", "s = 'back\\slash'", "s LIKE '%\\%'", "s LIKE '%%'", "s LIKE '%break!%' ESCAPE '!'",
            "s LIKE '%\\\\'", "s > 'B'", "s < 'b' AND s >= 'B'", "s <> 'a' OR s IS NULL", "s LIKE 'line%'",
            "s LIKE '%x''%'", "s IN ('a', 'B', '%')", "NOT (s LIKE '%a%')", "s LIKE '_'",
            "n > 1.5", "n BETWEEN -2 AND 8", "n IS NULL", "d >= DATE '2000-01-03'", "id < 5 OR n > 10",
        };
        // pushed: one scan per filter, in one job
        StringBuilder union = new StringBuilder();
        StringBuilder evaluated = new StringBuilder("SELECT id");
        for (int k = 0; k < filters.length; k++) {
            if (k > 0) union.append(" UNION ALL ");
            union.append("SELECT ").append(k).append(", id FROM words WHERE ").append(filters[k]);
            evaluated.append(", ").append(filters[k]);
        }
        List<String> pushed = rows(union.toString());
        // Flink's own: the same expressions evaluated by Flink in a projection (no source is handed those)
        List<String> flink = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(evaluated + " FROM words").collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                for (int k = 0; k < filters.length; k++) {
                    if (Boolean.TRUE.equals(r.getField(k + 1))) flink.add(Row.of(k, r.getField(0)).toString());
                }
            }
        }
        flink.sort(null);
        for (int k = 0; k < filters.length; k++) {
            String tag = "+I[" + k + ",";
            assertEquals(flink.stream().filter(x -> x.startsWith(tag)).toList(),
                    pushed.stream().filter(x -> x.startsWith(tag)).toList(), filters[k]);
        }
        assertTrue(pushed.size() > 40, "the filters select rows: " + pushed.size());
    }

    @Test
    void filtersThatPostgresComparesLikeFlinkArePushedTheOthersAreNot() {
        assertFalse(t.explainSql("SELECT id FROM words WHERE s LIKE '50!%%' ESCAPE '!'").contains("filter=[]"));
        assertFalse(t.explainSql("SELECT id FROM words WHERE s > 'B'").contains("filter=[]"));
        // a pattern with '_' inside matches one character of any kind: Flink keeps it
        assertTrue(t.explainSql("SELECT id FROM words WHERE s LIKE 'a_c'").contains("filter=[]"));
    }

    @Test
    @Tag("compat")
    void projectionAndLimit() throws Exception {
        assertEquals(List.of("+I[1, 50% off]", "+I[2, 50_off]", "+I[3, O'Brien]"),
                rows("SELECT id, s FROM words WHERE id <= 3"));
        assertEquals(4, rows("SELECT s FROM words LIMIT 4").size());
        assertTrue(t.explainSql("SELECT s FROM words LIMIT 4").contains("limit=[4]"));
    }
}
