package io.pgcopy.flink.source;

import io.pgcopy.read.ExportedSnapshot;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots exported by enumerators of this JobManager, by id. A failover closes the enumerator
 * and restores a new one from the last checkpoint; the snapshot must outlive that, so closing an
 * enumerator whose read is not complete only schedules the release, and the restored enumerator
 * takes the snapshot back before it happens.
 */
final class HeldSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSnapshots.class);
    /** How long an unfinished read's snapshot outlives its enumerator, for a failover to take it back. */
    static final long GRACE_SECONDS = 120;

    private static final Map<String, ExportedSnapshot> HELD = new HashMap<>();
    private static final Map<String, ScheduledFuture<?>> RELEASES = new HashMap<>();
    private static ScheduledExecutorService timer;

    private HeldSnapshots() {}

    static synchronized void hold(ExportedSnapshot s) {
        HELD.put(s.id(), s);
    }

    /** Takes back a snapshot whose release is pending; false when this JobManager holds no such snapshot. */
    static synchronized boolean reclaim(String id) {
        ScheduledFuture<?> pending = RELEASES.remove(id);
        if (pending != null) pending.cancel(false);
        return HELD.containsKey(id);
    }

    static void release(String id) {
        ExportedSnapshot s;
        synchronized (HeldSnapshots.class) {
            RELEASES.remove(id);
            s = HELD.remove(id);
        }
        if (s == null) return;
        try {
            s.close();
        } catch (SQLException e) {
            LOG.warn("pgcopy: cannot release snapshot {}: {}", id, e.getMessage());
        }
    }

    static synchronized void releaseLater(String id) {
        if (!HELD.containsKey(id) || RELEASES.containsKey(id)) return;
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pgcopy-snapshot-release");
                t.setDaemon(true);
                return t;
            });
        }
        RELEASES.put(id, timer.schedule(() -> release(id), GRACE_SECONDS, TimeUnit.SECONDS));
    }

    /** Snapshots held, for tests. */
    static synchronized int held() {
        return HELD.size();
    }
}
