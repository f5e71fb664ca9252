package io.pgcopy.flink.source;

import io.pgcopy.codec.BinaryCopyReader;
import io.pgcopy.copy.PgCopyReader;
import io.pgcopy.copy.ServerFailures;
import io.pgcopy.read.ExportedSnapshot;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.table.data.RowData;

/**
 * Reads its splits one after the other, each by one COPY on its own connection, and emits rows as
 * they are parsed: memory is the COPY reader's buffer, whatever the split's size. It implements
 * {@link SourceReader} directly (no fetcher thread), an interface that is the same on Flink 1.20
 * and 2.x. Each poll emits a bounded number of rows, so checkpoints get their turn in between; the
 * state of the split being read is the number of rows emitted.
 */
final class PgCopySourceReader<T> implements SourceReader<T, PgCopySplit> {
    private static final String INVALID_SNAPSHOT = "22023";
    /** Rows per poll: few enough that a checkpoint barrier is not kept waiting. */
    private static final int ROWS_PER_POLL = 1024;

    private final SourceSettings settings;
    private final SourceReaderContext context;
    private final OutputConverter<T> converter;
    private final RowDataDecoder decoder;
    private final Deque<PgCopySplit> pending = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean requested;

    private PgCopySplit current;
    private long emitted;
    private Connection connection;
    private PgCopyReader copy;

    PgCopySourceReader(SourceSettings settings, SourceReaderContext context, OutputConverter<T> converter) {
        this.settings = settings;
        this.context = context;
        this.converter = converter;
        this.decoder = new RowDataDecoder(settings.columns());
        converter.open(settings.rowType());
    }

    @Override
    public void start() {
        if (pending.isEmpty()) request();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (current == null) {
            PgCopySplit next = pending.poll();
            if (next == null) {
                if (noMoreSplits) return InputStatus.END_OF_INPUT;
                request();
                return InputStatus.NOTHING_AVAILABLE;
            }
            open(next);
        }
        BinaryCopyReader rows = copy.rows();
        for (int k = 0; k < ROWS_PER_POLL; k++) {
            boolean more;
            try {
                more = rows.nextRow();
            } catch (IOException e) {
                throw new IOException("reading split " + current.index() + " of " + settings.table() + " failed: "
                        + e.getMessage() + ServerFailures.hint(settings.table().toString(), e), e);
            }
            if (!more) {
                finishSplit();
                return pending.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
            }
            RowData row = decoder.decode(rows);
            emitted++;
            output.collect(converter.convert(row));
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void request() {
        if (requested) return;
        requested = true;
        context.sendSplitRequest();
    }

    private void open(PgCopySplit split) throws IOException {
        current = split;
        emitted = 0;
        try {
            connection = settings.connection().open();
            try (java.sql.Statement st = connection.createStatement()) {
                // a re-read skips the rows emitted before, so it must return them in the same order: no scan
                // joining another one midway (synchronized seqscans), no parallel workers interleaving rows
                st.execute("SET synchronize_seqscans = off");
                st.execute("SET max_parallel_workers_per_gather = 0");
            }
            if (split.snapshotId() != null) useSnapshot(split.snapshotId());
            copy = new PgCopyReader(connection, settings.copySql(split), settings.bufferBytes());
            // a restored split: the rows emitted before the checkpoint come again in the same snapshot
            BinaryCopyReader rows = copy.rows();
            while (emitted < split.rowsEmitted()) {
                if (!rows.nextRow()) {
                    throw new IOException("split " + split.index() + " of " + settings.table() + " has fewer rows ("
                            + emitted + ") than were emitted before the restore (" + split.rowsEmitted() + ")");
                }
                emitted++;
            }
        } catch (SQLException e) {
            throw new IOException("cannot read split " + split.index() + " of " + settings.table() + ": "
                    + e.getMessage() + ServerFailures.hint(settings.table().toString(), e), e);
        }
    }

    private void useSnapshot(String id) throws SQLException {
        try {
            ExportedSnapshot.use(connection, id);
        } catch (SQLException e) {
            if (!INVALID_SNAPSHOT.equals(e.getSQLState())) throw e;
            throw new SQLException("the consistent snapshot of this read (scan.snapshot = consistent) is gone: it"
                    + " is held by the JobManager that planned the read, and lost when that JobManager or the server"
                    + " restarted, or when the job was down for longer than the grace period; run the job again from"
                    + " the start (not from this checkpoint), or read with snapshot = none", e.getSQLState(), e);
        }
    }

    private void finishSplit() throws IOException {
        closeSplit();
        current = null;
        if (pending.isEmpty() && !noMoreSplits) request();
    }

    private void closeSplit() throws IOException {
        try (Connection c = connection) {
            if (copy != null) copy.close();
            if (c != null && !c.isClosed() && !c.getAutoCommit()) c.rollback();
        } catch (SQLException e) {
            throw new IOException("cannot close the connection of split " + current.index() + ": " + e.getMessage(), e);
        } finally {
            copy = null;
            connection = null;
        }
    }

    @Override
    public List<PgCopySplit> snapshotState(long checkpointId) {
        List<PgCopySplit> state = new ArrayList<>();
        if (current != null) state.add(current.emitted(emitted));
        state.addAll(pending);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (current != null || !pending.isEmpty() || noMoreSplits) return CompletableFuture.completedFuture(null);
        if (available.isDone()) available = new CompletableFuture<>();
        return available;
    }

    @Override
    public void addSplits(List<PgCopySplit> splits) {
        pending.addAll(splits);
        requested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws Exception {
        if (current != null) closeSplit();
    }
}
