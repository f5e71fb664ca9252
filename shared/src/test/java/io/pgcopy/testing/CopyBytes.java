package io.pgcopy.testing;

import io.pgcopy.codec.CopyBuffer;
import io.pgcopy.codec.RowEncoder;
import io.pgcopy.mapping.WritePlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** Binary COPY streams as byte arrays: what pgcopy encodes, what PostgreSQL emits, and loading them. */
public final class CopyBytes {
    private CopyBytes() {}

    /** The whole COPY stream pgcopy produces for {@code rows} under {@code plan}. */
    public static byte[] encode(WritePlan plan, List<ObjectValues> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBuffer buffer = new CopyBuffer(out::write, 1024);
        RowEncoder encoder = plan.newRowEncoder();
        buffer.writeHeader();
        for (ObjectValues row : rows) encoder.encode(row, buffer);
        buffer.writeTrailer();
        buffer.flush();
        return out.toByteArray();
    }

    /** What PostgreSQL emits for {@code COPY (query) TO STDOUT (FORMAT binary)}. */
    public static byte[] copyOut(Connection connection, String query) throws SQLException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        connection.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)", out);
        return out.toByteArray();
    }

    /** Loads a binary COPY stream with {@code copySql}; returns the row count. */
    public static long copyIn(Connection connection, String copySql, byte[] data) throws SQLException, IOException {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new ByteArrayInputStream(data));
    }

    /** Hex dump for assertion messages. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < b.length; k++) {
            if (k > 0 && k % 4 == 0) sb.append(' ');
            sb.append(String.format("%02x", b[k]));
        }
        return sb.toString();
    }
}
