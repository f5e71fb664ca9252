package io.pgcopy.flink.lookup;

import io.pgcopy.flink.read.RowDataDecoders;
import io.pgcopy.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks keys up on one connection with one prepared {@code SELECT ... WHERE k1 = ? AND k2 = ?};
 * not thread-safe. Each key value is bound in PostgreSQL's text form with no type of its own
 * (pgjdbc's {@code Types.OTHER}), so the server reads it as the key column's type — a uuid, date,
 * numeric or text key compares as itself and uses the column's index. After a failure (e.g. the
 * connection was killed) it reconnects and tries again, up to {@code maxRetries} times.
 */
final class KeyLookup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLookup.class);

    private final LookupSource source;
    private final String sql;
    private final RowData.FieldGetter[] keyGetters;
    private final LogicalType[] keyTypes;
    private final RowDataDecoders decoders;
    private final int maxRetries;
    private Connection connection;
    private PreparedStatement statement;

    KeyLookup(LookupSource source, int[] keys, int maxRetries) {
        this.source = source;
        RowType row = source.rowType();
        this.keyTypes = new LogicalType[keys.length];
        this.keyGetters = new RowData.FieldGetter[keys.length];
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            keyTypes[i] = row.getTypeAt(keys[i]);
            keyGetters[i] = RowData.createFieldGetter(keyTypes[i], i);
            conditions.add(Identifiers.quote(row.getFieldNames().get(keys[i])) + " = ?");
        }
        this.sql = "SELECT " + RowDataDecoders.selectList(row) + " FROM " + source.table().quoted() + " WHERE "
                + conditions.stream().collect(Collectors.joining(" AND ")) + source.andWhere();
        this.decoders = RowDataDecoders.of(row);
        this.maxRetries = maxRetries;
    }

    /** The bind values of a key row (its fields in key order), taken at once: Flink may reuse the row. */
    Object[] parameters(RowData key) {
        Object[] values = new Object[keyGetters.length];
        for (int i = 0; i < values.length; i++) values[i] = text(keyTypes[i], keyGetters[i].getFieldOrNull(key));
        return values;
    }

    /** The rows with this key; a key with a NULL matches nothing, as in SQL. */
    List<RowData> lookup(Object[] parameters) throws SQLException {
        for (Object p : parameters) {
            if (p == null) return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return query(parameters);
            } catch (SQLException e) {
                closeQuietly();
                if (attempt >= maxRetries) throw e;
                LOG.warn("pgcopy lookup in {} failed (attempt {} of {}), reconnecting: {}", source.table(), attempt + 1,
                        maxRetries + 1, e.getMessage());
                try {
                    Thread.sleep(Math.min(1000L, 100L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private List<RowData> query(Object[] parameters) throws SQLException {
        if (statement == null) {
            connection = source.connection().open();
            connection.setReadOnly(true);
            statement = connection.prepareStatement(sql);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof byte[] b) statement.setBytes(i + 1, b);
            else statement.setObject(i + 1, parameters[i], Types.OTHER);
        }
        List<RowData> rows = new ArrayList<>(1);
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) rows.add(decoders.read(rs));
        }
        return rows;
    }

    /** A Flink internal key value in PostgreSQL's text input form (bytes stay bytes). */
    private static Object text(LogicalType t, Object v) {
        if (v == null) return null;
        return switch (t.getTypeRoot()) {
            case DATE -> LocalDate.ofEpochDay((Integer) v).toString();
            case TIME_WITHOUT_TIME_ZONE -> LocalTime.ofNanoOfDay((Integer) v * 1_000_000L).toString();
            case TIMESTAMP_WITHOUT_TIME_ZONE -> ((TimestampData) v).toLocalDateTime().toString();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ((TimestampData) v).toInstant().toString();
            case DECIMAL -> ((DecimalData) v).toBigDecimal().toPlainString();
            case BINARY, VARBINARY -> v;
            default -> v.toString();
        };
    }

    private void closeQuietly() {
        try {
            close();
        } catch (SQLException ignored) {
            // the connection is being replaced; its failure is the one reported
        }
    }

    @Override
    public void close() throws SQLException {
        Connection c = connection;
        connection = null;
        statement = null;
        if (c != null) c.close();
    }
}
