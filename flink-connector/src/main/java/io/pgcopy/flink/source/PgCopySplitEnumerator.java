package io.pgcopy.flink.source;

import io.pgcopy.copy.ServerFailures;
import io.pgcopy.privilege.PrivilegeCheck;
import io.pgcopy.privilege.RequiredPrivileges;
import io.pgcopy.read.ExportedSnapshot;
import io.pgcopy.read.ReadSplit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Plans the splits on the JobManager (when the read starts, not when the job is built), hands out
 * one per request, and holds the read's exported snapshot: from planning until the enumerator closes
 * after every reader has asked for more and got none (the read is complete), or — when it closes
 * before that, by a failover — for a grace period in which the restored enumerator takes it back.
 */
final class PgCopySplitEnumerator implements SplitEnumerator<PgCopySplit, PgCopyEnumeratorState> {
    private final SplitEnumeratorContext<PgCopySplit> context;
    private final SourceSettings settings;
    private Deque<PgCopySplit> unassigned;
    private String snapshotId;
    private final Set<Integer> finishedReaders = new HashSet<>();

    PgCopySplitEnumerator(SplitEnumeratorContext<PgCopySplit> context, SourceSettings settings,
            PgCopyEnumeratorState restored) {
        this.context = context;
        this.settings = settings;
        if (restored != null) {
            this.unassigned = restored.unassigned() == null ? null : new ArrayDeque<>(restored.unassigned());
            this.snapshotId = restored.snapshotId();
            // the snapshot lives on only if this JobManager still holds it; otherwise readers fail clearly
            if (snapshotId != null) HeldSnapshots.reclaim(snapshotId);
        }
    }

    @Override
    public void start() {
        if (unassigned != null) return;
        try (Connection c = settings.connection().open()) {
            PrivilegeCheck.require(c, RequiredPrivileges.forRead(settings.table()));
            List<ReadSplit> splits = settings.planSplits(c, context.currentParallelism());
            if (settings.consistentSnapshot()) {
                ExportedSnapshot s = ExportedSnapshot.export(settings.connection());
                HeldSnapshots.hold(s);
                snapshotId = s.id();
            }
            Deque<PgCopySplit> planned = new ArrayDeque<>();
            for (ReadSplit r : splits) planned.add(new PgCopySplit(planned.size(), r.from(), r.condition(), snapshotId, 0));
            unassigned = planned;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot plan the read of " + settings.table() + ": " + e.getMessage()
                    + ServerFailures.hint(settings.table().toString(), e), e);
        }
    }

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        PgCopySplit next = unassigned.poll();
        if (next != null) {
            context.assignSplit(next, subtask);
            return;
        }
        context.signalNoMoreSplits(subtask);
        finishedReaders.add(subtask);
    }

    @Override
    public void addSplitsBack(List<PgCopySplit> splits, int subtask) {
        // splits handed out after the last checkpoint, returned by a failed reader: read them again
        List<PgCopySplit> back = new ArrayList<>(splits);
        java.util.Collections.reverse(back);
        back.forEach(unassigned::addFirst);
        finishedReaders.remove(subtask);
    }

    @Override
    public void addReader(int subtask) {
        // readers ask for splits themselves
    }

    @Override
    public PgCopyEnumeratorState snapshotState(long checkpointId) {
        return new PgCopyEnumeratorState(unassigned == null ? null : List.copyOf(unassigned), snapshotId);
    }

    /**
     * A reader asks again only when it has read all it was given: when all have, the job is ending
     * and the snapshot goes now; otherwise this is a failover and the restored enumerator takes it back.
     */
    @Override
    public void close() {
        if (snapshotId == null) return;
        if (finishedReaders.size() >= context.currentParallelism()) {
            HeldSnapshots.release(snapshotId);
        } else {
            HeldSnapshots.releaseLater(snapshotId);
        }
    }
}
