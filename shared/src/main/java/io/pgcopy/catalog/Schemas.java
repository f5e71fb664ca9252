package io.pgcopy.catalog;

import io.pgcopy.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's schemas of a database, as an engine's namespaces: PostgreSQL's own (pg_catalog,
 * information_schema, pg_toast) and the per-session temporary ones (pg_temp_N, pg_toast_temp_N) are
 * not listed.
 */
public final class Schemas {
    /** A schema that is PostgreSQL's own or a session's temporary one (a POSIX regex for {@code ~}). */
    static final String SYSTEM = "^(pg_catalog|information_schema|pg_toast|pg_temp_[0-9]+|pg_toast_temp_[0-9]+)$";

    /** dependent_objects_still_exist: DROP SCHEMA … RESTRICT of a schema that holds objects. */
    public static final String NOT_EMPTY = "2BP01";

    private final Connection connection;

    public Schemas(Connection connection) {
        this.connection = connection;
    }

    /** The user's schemas, by name. */
    public List<String> list() throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ ? ORDER BY 1")) {
            ps.setString(1, SYSTEM);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    public boolean exists(String schema) throws SQLException {
        return metadata(schema).isPresent();
    }

    /** The schema's owner and comment (when it has one); empty when there is no such user schema. */
    public Optional<Map<String, String>> metadata(String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_catalog.pg_get_userbyid(nspowner), pg_catalog.obj_description(oid, 'pg_namespace')"
                        + " FROM pg_catalog.pg_namespace WHERE nspname = ? AND nspname !~ ?")) {
            ps.setString(1, schema);
            ps.setString(2, SYSTEM);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Map<String, String> out = new LinkedHashMap<>();
                out.put("owner", rs.getString(1));
                if (rs.getString(2) != null) out.put("comment", rs.getString(2));
                return Optional.of(out);
            }
        }
    }

    public void create(String schema, String comment) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA " + Identifiers.quote(schema));
            if (comment != null) comment(schema, comment);
        }
    }

    public void comment(String schema, String comment) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("COMMENT ON SCHEMA " + Identifiers.quote(schema) + " IS "
                    + (comment == null ? "NULL" : Identifiers.literal(comment)));
        }
    }

    /**
     * {@code DROP SCHEMA}; with {@code cascade} everything in it goes too, without it a schema that holds
     * anything is refused with SQLSTATE {@value #NOT_EMPTY}.
     */
    public void drop(String schema, boolean cascade) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA " + Identifiers.quote(schema) + (cascade ? " CASCADE" : " RESTRICT"));
        }
    }
}
