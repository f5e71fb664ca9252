package io.pgcopy.flink.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: index, from, condition (nullable), snapshot id (nullable), rows emitted. */
public final class SplitSerializer implements SimpleVersionedSerializer<PgCopySplit> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PgCopySplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, split);
        }
        return bytes.toByteArray();
    }

    @Override
    public PgCopySplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) throw new IOException("unknown pgcopy split version " + version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void write(DataOutputStream out, PgCopySplit s) throws IOException {
        out.writeInt(s.index());
        writeString(out, s.from());
        writeString(out, s.condition());
        writeString(out, s.snapshotId());
        out.writeLong(s.rowsEmitted());
    }

    static PgCopySplit read(DataInputStream in) throws IOException {
        return new PgCopySplit(in.readInt(), readString(in), readString(in), readString(in), in.readLong());
    }

    /** Strings as length-prefixed UTF-8 (writeUTF stops at 64 KB, and a query may be longer); -1 is null. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IOException("truncated pgcopy split state");
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
