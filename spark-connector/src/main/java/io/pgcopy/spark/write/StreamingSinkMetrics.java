package io.pgcopy.spark.write;

import io.pgcopy.stream.EpochCommitLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A streaming query's sink totals, reported in {@code StreamingQueryProgress.sink.metrics} (Spark
 * shows there what the sink table returns; the per-task custom metrics go to the SQL UI only).
 */
public final class StreamingSinkMetrics {
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong commitMillis = new AtomicLong();
    private final AtomicLong lastCommitMillis = new AtomicLong();
    private final AtomicLong epochsCommitted = new AtomicLong();
    private final AtomicLong epochsSkipped = new AtomicLong();

    void add(EpochCommitLog.Outcome outcome, long millis) {
        commitMillis.addAndGet(millis);
        lastCommitMillis.set(millis);
        if (outcome.replayed()) {
            epochsSkipped.incrementAndGet();
            return;
        }
        epochsCommitted.incrementAndGet();
        rowsWritten.addAndGet(outcome.rowsWritten());
        bytesSent.addAndGet(outcome.bytesWritten());
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rowsWritten", Long.toString(rowsWritten.get()));
        m.put("bytesSent", Long.toString(bytesSent.get()));
        m.put("commitTimeMs", Long.toString(commitMillis.get()));
        m.put("lastCommitTimeMs", Long.toString(lastCommitMillis.get()));
        m.put("epochsCommitted", Long.toString(epochsCommitted.get()));
        m.put("epochsSkippedAsReplayed", Long.toString(epochsSkipped.get()));
        return m;
    }
}
