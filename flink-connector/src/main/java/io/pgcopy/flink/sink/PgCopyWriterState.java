package io.pgcopy.flink.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A writer's state: the gid prefix it prepares transactions under. Kept so that after a restore —
 * also with another parallelism or sink id — the restored writers roll back what the old ones
 * prepared for checkpoints that never completed.
 */
public record PgCopyWriterState(String gidPrefix) {

    /** Version 1: the prefix (modified UTF-8). */
    static final class Serializer implements SimpleVersionedSerializer<PgCopyWriterState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PgCopyWriterState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(state.gidPrefix());
            }
            return bytes.toByteArray();
        }

        @Override
        public PgCopyWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown pgcopy writer state version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new PgCopyWriterState(in.readUTF());
            }
        }
    }
}
