package io.pgcopy.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConnectionSpecTest {
    @Test
    void passwordsNeverShow() {
        Properties p = new Properties();
        p.setProperty("password", "s3cret");
        p.setProperty("sslmode", "require");
        ConnectionSpec spec = new ConnectionSpec("jdbc:postgresql://h/db?user=u&password=s3cret&x=1", p);
        String shown = spec.toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("password=***&x=1") && shown.contains("sslmode=require"), shown);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConnectionSpec("jdbc:mysql://h/db?password=s3cret", p));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void opensAConnection(TestDatabase db) throws Exception {
        try (Connection c = new ConnectionSpec(db.url(), new Properties()).open()) {
            assertEquals(1, c.createStatement().executeQuery("SELECT 1").next() ? 1 : 0);
        }
    }

    @Test
    void aServerOutOfConnectionsNamesTheOptionsToChange(TestDatabase db) throws Exception {
        java.util.List<Connection> held = new java.util.ArrayList<>();
        try {
            SQLException full = null;
            while (full == null && held.size() < 1000) {
                try {
                    held.add(new ConnectionSpec(db.url(), new Properties()).open());
                } catch (SQLException e) {
                    full = e;
                }
            }
            assertEquals("53300", full.getSQLState());
            assertTrue(full.getMessage().contains("numPartitions") && full.getMessage().contains("max_connections"),
                    full.getMessage());
        } finally {
            for (Connection c : held) c.close();
        }
    }

    @Test
    void lockTimeoutIsPgcopysOwnAndSetOnEverySession(TestDatabase db) throws Exception {
        Properties p = new Properties();
        p.setProperty("LOCKTIMEOUT", "1500ms");
        ConnectionSpec spec = new ConnectionSpec(db.url(), p);
        try (Connection c = spec.open(); java.sql.ResultSet rs = c.createStatement().executeQuery(
                "SELECT current_setting('lock_timeout'), current_setting('application_name')")) {
            assertTrue(rs.next());
            assertEquals("1500ms", rs.getString(1));
            assertEquals(ConnectionSpec.APPLICATION_NAME, rs.getString(2));
        }
        Properties bad = new Properties();
        bad.setProperty("lockTimeout", "10s; DROP TABLE x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConnectionSpec(db.url(), bad));
        assertTrue(e.getMessage().contains("lockTimeout"), e.getMessage());
    }

    @Test
    void aUsersApplicationNameWins(TestDatabase db) throws Exception {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "nightly-etl");
        try (Connection c = new ConnectionSpec(db.url(), p).open(); java.sql.ResultSet rs =
                c.createStatement().executeQuery("SELECT current_setting('application_name')")) {
            assertTrue(rs.next());
            assertEquals("nightly-etl", rs.getString(1));
        }
    }
}
