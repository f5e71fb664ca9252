package io.pgcopy.flink.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: snapshot id (nullable), split count (-1: not planned yet), the splits as {@link SplitSerializer} writes them. */
public final class EnumeratorStateSerializer implements SimpleVersionedSerializer<PgCopyEnumeratorState> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PgCopyEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            SplitSerializer.writeString(out, state.snapshotId());
            if (state.unassigned() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(state.unassigned().size());
                for (PgCopySplit s : state.unassigned()) SplitSerializer.write(out, s);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public PgCopyEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) throw new IOException("unknown pgcopy enumerator state version " + version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String snapshot = SplitSerializer.readString(in);
            int n = in.readInt();
            List<PgCopySplit> splits = null;
            if (n >= 0) {
                splits = new ArrayList<>(n);
                for (int k = 0; k < n; k++) splits.add(SplitSerializer.read(in));
            }
            return new PgCopyEnumeratorState(splits, snapshot);
        }
    }
}
