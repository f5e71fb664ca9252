package io.pgcopy.catalog;

import io.pgcopy.protocol.Leftovers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The tables, partitioned tables, views, materialized views and foreign tables of a schema. */
public final class Relations {
    /** What a relation is (pg_class.relkind), and what SQL renames or drops it. */
    public enum Kind {
        TABLE("r", "TABLE", true),
        PARTITIONED_TABLE("p", "TABLE", true),
        FOREIGN_TABLE("f", "FOREIGN TABLE", true),
        VIEW("v", "VIEW", false),
        MATERIALIZED_VIEW("m", "MATERIALIZED VIEW", false);

        private final String relkind;
        private final String sqlNoun;
        private final boolean writable;

        Kind(String relkind, String sqlNoun, boolean writable) {
            this.relkind = relkind;
            this.sqlNoun = sqlNoun;
            this.writable = writable;
        }

        /** {@code TABLE}, {@code VIEW}, … as in {@code ALTER <noun>} and {@code DROP <noun>}. */
        public String sqlNoun() {
            return sqlNoun;
        }

        /** Whether pgcopy COPYs into it (a view's rows come from its query; a materialized view's from REFRESH). */
        public boolean writable() {
            return writable;
        }

        static Kind of(String relkind) {
            for (Kind k : values()) if (k.relkind.equals(relkind)) return k;
            throw new IllegalArgumentException("not a table or view: relkind " + relkind);
        }
    }

    public record Relation(TableName name, Kind kind) {}

    private static final String KINDS = "('r','p','f','v','m')";

    private final Connection connection;

    public Relations(Connection connection) {
        this.connection = connection;
    }

    /** The schema's relations by name, without the stages of pgcopy writes under way. */
    public List<Relation> list(String schema) throws SQLException {
        List<Relation> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.relname, c.relkind FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN "
                + KINDS + " AND c.relname !~ ? ORDER BY 1")) {
            ps.setString(1, schema);
            ps.setString(2, Leftovers.STAGE_PATTERN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Relation(new TableName(schema, rs.getString(1)), Kind.of(rs.getString(2))));
            }
        }
        return out;
    }

    /** The relation of that exact schema and name (no search_path), or empty. */
    public Optional<Kind> kind(TableName table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.relkind FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " AND c.relkind IN " + KINDS)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Kind.of(rs.getString(1))) : Optional.empty();
            }
        }
    }
}
