package io.pgcopy.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * The write benchmarks' ceiling: PostgreSQL's own binary COPY bytes of a table, captured in parts,
 * loaded back with pgjdbc's raw copyIn, one connection per part in parallel — what a connector
 * could reach if encoding and its engine cost nothing.
 */
public final class CopyCeiling {
    private final String table;
    private final List<byte[]> parts = new ArrayList<>();

    private CopyCeiling(String table) {
        this.table = table;
    }

    /** Captures the rows of {@code table} matching each condition as one part. */
    public static CopyCeiling capture(TestDatabase db, String table, String... conditions) throws Exception {
        CopyCeiling ceiling = new CopyCeiling(table);
        try (Connection c = db.connect()) {
            for (String condition : conditions) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                        "COPY (SELECT * FROM " + table + " WHERE " + condition + ") TO STDOUT (FORMAT binary)", out);
                ceiling.parts.add(out.toByteArray());
            }
        }
        return ceiling;
    }

    /** COPYs every part back into the table, in parallel; returns when all committed. */
    public void load(TestDatabase db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parts.size());
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (byte[] data : parts) {
                done.add(pool.submit(() -> {
                    try (Connection c = db.connect()) {
                        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                "COPY " + table + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data), 4 << 20);
                    }
                }));
            }
            for (Future<Long> f : done) f.get();
        } finally {
            pool.shutdown();
        }
    }
}
