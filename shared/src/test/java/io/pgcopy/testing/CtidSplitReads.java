package io.pgcopy.testing;

import io.pgcopy.read.CtidRangeSplitter;
import io.pgcopy.read.ReadSplit;
import io.pgcopy.sql.TableName;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/** The read benchmarks' anchor: a table's two ctid splits read on two connections at once. */
public final class CtidSplitReads {
    private CtidSplitReads() {}

    /** Reads one split on its own connection. */
    public interface SplitReader {
        long read(Connection c, ReadSplit split) throws Exception;
    }

    /** PostgreSQL's binary COPY of the two ranges, dropped as it arrives: the read ceiling. */
    public static void copyOutCeiling(TestDatabase db, String table) throws Exception {
        inParallel(db, table, (c, split) -> c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "COPY (" + split.select("*", null) + ") TO STDOUT (FORMAT binary)", OutputStream.nullOutputStream()));
    }

    public static void inParallel(TestDatabase db, String table, SplitReader reader) throws Exception {
        List<ReadSplit> splits;
        try (Connection c = db.connect()) {
            splits = CtidRangeSplitter.plan(c, TableName.parse(table), 2, 2);
        }
        ExecutorService pool = Executors.newFixedThreadPool(splits.size());
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (ReadSplit split : splits) {
                done.add(pool.submit(() -> {
                    try (Connection c = db.connect()) {
                        return reader.read(c, split);
                    }
                }));
            }
            for (Future<Long> f : done) f.get();
        } finally {
            pool.shutdown();
        }
    }
}
