package io.pgcopy.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.sql.TableName;
import io.pgcopy.testing.ObjectValues;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The writer's sending thread: its failures are the COPY's, with the row, and it never outlives the writer. */
@ExtendWith(PostgresExtension.class)
class PgCopyWriterSenderTest {
    private static final int SMALL_CHUNKS = 8 << 10;

    @BeforeAll
    static void tables(TestDatabase db) throws Exception {
        db.execute("CREATE DOMAIN positive AS integer CHECK (VALUE > 0)",
                "CREATE TABLE target (id int NOT NULL, p positive)");
    }

    private static WritePlan plan(Connection conn) throws Exception {
        return WritePlanner.plan(conn, TableName.parse("target"), List.of(
                new SourceField("id", SourceType.INT, false), new SourceField("p", SourceType.INT, true)),
                MappingOptions.DEFAULT);
    }

    @Test
    void aServerErrorIsTheCopyErrorWithTheRow(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan(conn), TableName.parse("target"), SMALL_CHUNKS)) {
                // row 1001 breaks the domain's CHECK; the server discards what follows, which the
                // sender still sends in many chunks, and reports the error when the COPY ends
                for (int i = 1; i <= 20_000; i++) writer.write(new ObjectValues(i, i == 1001 ? -1 : i));
                CopyFailedException e = assertThrows(CopyFailedException.class, writer::finish);
                assertEquals("23514", e.sqlState());
                assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("line 1001"), e.getMessage());
            }
            conn.rollback();
        }
        assertEquals(List.of(), senderThreads());
        assertEquals(0, db.queryLong("SELECT count(*) FROM target"));
    }

    @Test
    void aSendThatFailsOnTheSenderThreadIsThrownByTheWriter(TestDatabase db) throws Exception {
        // not try-with-resources: closing the dead connection fails (broken pipe), which is not this test's point
        Connection conn = db.connect();
        try {
            conn.setAutoCommit(false);
            long backend;
            try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan(conn), TableName.parse("target"), SMALL_CHUNKS)) {
                for (int i = 1; i <= 1000; i++) writer.write(new ObjectValues(i, i));
                db.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(" + backend + ")) t");
                // the sends after the backend's end fail on the sender thread; the writer throws that
                CopyFailedException e = assertThrows(CopyFailedException.class, () -> {
                    for (int i = 1001; i <= 2_000_000; i++) writer.write(new ObjectValues(i, i));
                    writer.finish();
                });
                assertTrue(writer.rowsWritten() < 2_000_000, "thrown by a write, while sending: " + e);
                assertTrue(e.getMessage().contains("COPY into target failed") && e.getMessage().contains("connection to the server was lost"),
                        e.getMessage());
            }
        } finally {
            try {
                conn.close();
            } catch (java.sql.SQLException expected) {
                // the backend is gone
            }
        }
        assertEquals(List.of(), senderThreads());
        assertEquals(0, db.queryLong("SELECT count(*) FROM target"));
    }

    @Test
    void noSenderThreadIsLeftAfterFinishOrAbort(TestDatabase db) throws Exception {
        try (Connection conn = db.connect()) {
            conn.setAutoCommit(false);
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan(conn), TableName.parse("target"), SMALL_CHUNKS)) {
                for (int i = 1; i <= 20_000; i++) writer.write(new ObjectValues(i, i));
                assertEquals(1, senderThreads().size(), "sending runs beside the encoding");
                writer.abort();
                assertEquals(List.of(), senderThreads());
            }
            conn.rollback();
            try (PgCopyWriter writer = new PgCopyWriter(conn, plan(conn), TableName.parse("target"), SMALL_CHUNKS)) {
                for (int i = 1; i <= 20_000; i++) writer.write(new ObjectValues(i, i));
                assertEquals(20_000, writer.finish());
                assertEquals(List.of(), senderThreads());
            }
            conn.commit();
        }
        assertEquals(20_000, db.queryLong("SELECT count(*) FROM target"));
        db.execute("TRUNCATE target");
    }

    private static List<String> senderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("pgcopy-copy-sender")).toList();
    }
}
