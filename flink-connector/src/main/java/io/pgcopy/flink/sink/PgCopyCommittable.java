package io.pgcopy.flink.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** One prepared transaction of a writer, to be committed once its checkpoint completes. */
public record PgCopyCommittable(String gidPrefix, long number) {

    /** Version 1: the prefix (modified UTF-8) and the number. */
    static final class Serializer implements SimpleVersionedSerializer<PgCopyCommittable> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PgCopyCommittable c) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(c.gidPrefix());
                out.writeLong(c.number());
            }
            return bytes.toByteArray();
        }

        @Override
        public PgCopyCommittable deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown pgcopy committable version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new PgCopyCommittable(in.readUTF(), in.readLong());
            }
        }
    }
}
