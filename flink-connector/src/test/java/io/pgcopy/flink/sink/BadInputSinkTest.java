package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input fails the job with an error naming table, column and value (a check the server makes
 * names table, constraint and row), and nothing of the failed transaction is visible.
 */
@ExtendWith(PostgresExtension.class)
class BadInputSinkTest {
    private static int tables;

    /** Runs 20 rows (one flush) with {@code bad} as row 10; returns the job's whole error text. */
    private static String failingJob(TestDatabase db, String table, String columnDef, String bad,
            DeliveryGuarantee guarantee) throws Exception {
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL, payload " + columnDef + ")");
        List<RowData> rows = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            rows.add(GenericRowData.of(i, StringData.fromString(i == 10 ? bad : "ok")));
        }
        StreamExecutionEnvironment env = FlinkJobs.environment(0, false);
        env.fromData(rows, FlinkJobs.eventType()).setParallelism(1)
                .sinkTo(PgCopySink.<RowData>builder().url(db.url()).table(table).password("hunter2")
                        .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).deliveryGuarantee(guarantee).build())
                // one subtask, so all 20 rows are in the one transaction that fails (each subtask has its own)
                .setParallelism(1);
        Exception e = assertThrows(Exception.class, () -> env.execute("bad input into " + table));
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table), "nothing of the failed transaction is visible");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
        String text = ExceptionUtils.stringifyException(e);
        assertFalse(text.contains("hunter2"), "no password in errors");
        return text;
    }

    @Test
    void aValueTooLongForVarchar(TestDatabase db) throws Exception {
        String text = failingJob(db, "b" + (++tables), "varchar(5)", "much too long", DeliveryGuarantee.AT_LEAST_ONCE);
        assertTrue(text.contains("table public.b" + tables + ", column \"payload\" (character varying(5))"), text);
        assertTrue(text.contains("value: much too long"), text);
    }

    @Test
    void aNulInText(TestDatabase db) throws Exception {
        String text = failingJob(db, "b" + (++tables), "text", "nul\0inside", DeliveryGuarantee.EXACTLY_ONCE);
        assertTrue(text.contains("table public.b" + tables + ", column \"payload\" (text)"), text);
        assertTrue(text.contains("nul\\0inside"), text);
    }

    @Test
    void aCheckConstraintViolation(TestDatabase db) throws Exception {
        String text = failingJob(db, "b" + (++tables), "text CHECK (payload <> 'forbidden')", "forbidden",
                DeliveryGuarantee.AT_LEAST_ONCE);
        assertTrue(text.contains("violates check constraint"), text);
        assertTrue(text.contains("b" + tables), text);
        assertTrue(text.contains("forbidden"), text);
    }
}
