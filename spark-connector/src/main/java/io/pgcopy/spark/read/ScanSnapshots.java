package io.pgcopy.spark.read;

import io.pgcopy.copy.Closing;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.read.ExportedSnapshot;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots the driver exports for consistent scans, each held open (one idle connection in a
 * read-only transaction) until the SQL execution that planned the scan ends — successfully or
 * not — and released then.
 */
final class ScanSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ScanSnapshots.class);
    private static final String EXECUTION_ID = "spark.sql.execution.id";
    private static final Map<String, List<ExportedSnapshot>> BY_EXECUTION = new HashMap<>();
    private static SparkContext listening;

    private ScanSnapshots() {}

    /** Exports a snapshot for the execution running on this thread; null when there is none to bind it to. */
    static String export(SparkContext sc, ConnectionSpec spec) throws SQLException {
        String execution = sc.getLocalProperty(EXECUTION_ID);
        if (execution == null) {
            LOG.warn("pgcopy: snapshot=consistent ignored: the scan is planned outside of a SQL execution,"
                    + " so there is no end to release the snapshot at; each split reads its own snapshot");
            return null;
        }
        ExportedSnapshot snapshot = ExportedSnapshot.export(spec);
        try {
            synchronized (ScanSnapshots.class) {
                if (listening != sc) {
                    sc.addSparkListener(new Releaser());
                    listening = sc;
                }
                BY_EXECUTION.computeIfAbsent(execution, k -> new ArrayList<>()).add(snapshot);
            }
        } catch (Throwable e) {
            // not registered, so no execution end would release it: its transaction must not stay open
            Closing.closeAfter(snapshot, e);
            throw e;
        }
        return snapshot.id();
    }

    private static void release(String execution) {
        List<ExportedSnapshot> snapshots;
        synchronized (ScanSnapshots.class) {
            snapshots = execution == null ? allRemoved() : BY_EXECUTION.remove(execution);
        }
        if (snapshots == null) return;
        for (ExportedSnapshot s : snapshots) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.warn("pgcopy: cannot release snapshot {}: {}", s.id(), e.getMessage());
            }
        }
    }

    private static List<ExportedSnapshot> allRemoved() {
        List<ExportedSnapshot> all = new ArrayList<>();
        BY_EXECUTION.values().forEach(all::addAll);
        BY_EXECUTION.clear();
        return all;
    }

    /** Snapshots still held, for tests. */
    static synchronized int held() {
        return BY_EXECUTION.values().stream().mapToInt(List::size).sum();
    }

    private static final class Releaser extends SparkListener {
        @Override
        public void onOtherEvent(SparkListenerEvent event) {
            if (event instanceof SparkListenerSQLExecutionEnd end) release(Long.toString(end.executionId()));
        }

        @Override
        public void onApplicationEnd(SparkListenerApplicationEnd event) {
            release(null);
        }
    }
}
