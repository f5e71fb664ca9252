package io.pgcopy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.arrow.PgArrow;
import io.pgcopy.arrow.PgArrowReader;
import io.pgcopy.arrow.PgArrowWriter;
import io.pgcopy.arrow.ReadOptions;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's Arrow example, run as written: bulk-load Arrow batches, read them back, no Spark. */
@ExtendWith(PostgresExtension.class)
class ArrowApiExampleIT {
    @Test
    void readmeExampleRuns(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer text, amount numeric(12,2),"
                + " created timestamptz DEFAULT now())");
        String url = db.url();
        List<String> printed = new java.util.ArrayList<>();

        // --- README example starts here ---
        try (BufferAllocator allocator = new RootAllocator();
             Connection conn = DriverManager.getConnection(url);
             BigIntVector id = new BigIntVector("id", allocator);
             VarCharVector customer = new VarCharVector("customer", allocator);
             DecimalVector amount = new DecimalVector("amount", allocator, 12, 2)) {
            conn.setAutoCommit(false);
            id.allocateNew(3);
            customer.allocateNew(3);
            amount.allocateNew(3);
            for (int i = 0; i < 3; i++) {
                id.set(i, i + 1);
                customer.setSafe(i, ("customer " + (i + 1)).getBytes(StandardCharsets.UTF_8));
                amount.set(i, new BigDecimal("19.99").multiply(BigDecimal.valueOf(i + 1)));
            }
            VectorSchemaRoot batch = VectorSchemaRoot.of(id, customer, amount);
            batch.setRowCount(3);

            // write: the Arrow columns are matched to the table's columns by name and encoded
            // as the columns' real types; "created" is left out and gets its DEFAULT
            try (PgArrowWriter writer = PgArrow.writer(conn, "public.orders", batch.getSchema(),
                    MappingOptions.DEFAULT)) {
                writer.write(batch);          // call again for more batches: one COPY stream
                long rows = writer.finish();
                printed.add("wrote " + rows + " rows");
            }
            conn.commit();

            // read: a table or a query, in batches of at most 65536 rows in one reused root
            try (PgArrowReader reader = PgArrow.reader(conn,
                    "SELECT id, customer, amount FROM orders WHERE amount > 20", 65_536, allocator,
                    ReadOptions.DEFAULT)) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot root = reader.root();
                    printed.add(root.contentToTSVString());
                }
            }
        }
        // --- README example ends here ---

        assertEquals("wrote 3 rows", printed.get(0));
        assertEquals("id\tcustomer\tamount\n2\tcustomer 2\t39.98\n3\tcustomer 3\t59.97\n", printed.get(1));
        assertEquals(3, db.queryLong("SELECT count(*) FROM orders WHERE created IS NOT NULL"));
    }
}
