package io.pgcopy.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("compat")
@ExtendWith(PostgresExtension.class)
class PgCopyReaderTest {
    private static final String BIG = "COPY (SELECT g, repeat('y', 100) FROM generate_series(1, 3000000) g)"
            + " TO STDOUT (FORMAT binary)";

    private static int select42(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void closingEarlyCancelsTheCopyAndTheConnectionStaysUsable(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PgCopyReader copy = new PgCopyReader(c, BIG)) {
                    for (int k = 0; k < 1000 * attempt + 1; k++) assertTrue(copy.rows().nextRow());
                    assertTrue(copy.isActive());
                }
                assertEquals(42, select42(c));
            }
            // closing before reading anything
            new PgCopyReader(c, BIG).close();
            assertEquals(42, select42(c));
        }
    }

    @Test
    void readingToTheEndLeavesNothingToCancel(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            try (PgCopyReader copy = new PgCopyReader(c,
                    "COPY (SELECT g FROM generate_series(1, 1000) g) TO STDOUT (FORMAT binary)")) {
                BinaryCopyReader r = copy.rows();
                int n = 0;
                while (r.nextRow()) n++;
                assertEquals(1000, n);
                assertFalse(copy.isActive());
            }
            assertEquals(42, select42(c));
        }
    }

    @Test
    void aServerErrorMidStreamSurfacesAndFreesTheConnection(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            try (PgCopyReader copy = new PgCopyReader(c,
                    "COPY (SELECT 1 / (100000 - g) FROM generate_series(1, 200000) g) TO STDOUT (FORMAT binary)")) {
                BinaryCopyReader r = copy.rows();
                IOException e = assertThrows(IOException.class, () -> {
                    while (r.nextRow()) r.nextField();
                });
                assertTrue(String.valueOf(e.getCause()).contains("division by zero"), String.valueOf(e.getCause()));
            }
            assertEquals(42, select42(c));
        }
    }
}
