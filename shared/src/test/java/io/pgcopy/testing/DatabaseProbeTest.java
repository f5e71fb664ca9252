package io.pgcopy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/** The probe finds a COPY mid-stream on every PostgreSQL version the fault tests run on. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class DatabaseProbeTest {

    private static Connection asPgcopy(TestDatabase db) throws Exception {
        Properties props = db.properties();
        props.setProperty("ApplicationName", "pgcopy");
        return DriverManager.getConnection(db.url(), props);
    }

    private static int pid(Connection c) throws Exception {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    @Test
    void findsACopyFromStdinThatHasReceivedRows(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE sink (id int)");
        DatabaseProbe probe = new DatabaseProbe(db.url());
        try (Connection c = asPgcopy(db)) {
            // binary, as pgcopy writes: there tuples_processed stays 0 on PostgreSQL 17 and 18
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY sink FROM STDIN (FORMAT binary)");
            ByteBuffer rows = ByteBuffer.allocate(19 + 3 * 10);
            rows.put("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(0);
            for (int id = 1; id <= 3; id++) rows.putShort((short) 1).putInt(4).putInt(id);
            in.writeToCopy(rows.array(), 0, rows.position());
            in.flushCopy();
            assertEquals(List.of(pid(c)), probe.awaitCopy("COPY FROM"));
            in.cancelCopy();
        }
        assertThrows(IllegalArgumentException.class, () -> probe.awaitCopy("COPY"));
    }

    @Test
    void findsACopyToStdoutThatHasSentRows(TestDatabase db) throws Exception {
        DatabaseProbe probe = new DatabaseProbe(db.url());
        try (Connection c = asPgcopy(db)) {
            CopyOut out = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT g FROM generate_series(1, 10000000) g) TO STDOUT");
            out.readFromCopy();
            assertEquals(List.of(pid(c)), probe.awaitCopy("COPY TO"));
            out.cancelCopy();
        }
    }
}
