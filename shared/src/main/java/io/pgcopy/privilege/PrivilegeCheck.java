package io.pgcopy.privilege;

import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks {@link Need}s against the connected user with PostgreSQL's has_*_privilege functions,
 * before an operation starts, and fails naming every missing privilege with the GRANT that gives it.
 * Objects that do not exist (yet) are skipped: whatever creates or reads them fails on its own.
 */
public final class PrivilegeCheck {
    /** The privileges a column can hold on its own (has_any_column_privilege accepts only these). */
    private static final Set<String> COLUMN_PRIVILEGES = Set.of("SELECT", "INSERT", "UPDATE", "REFERENCES");

    private PrivilegeCheck() {}

    public static void require(Connection c, List<Need> needs) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (Need need : needs) {
            String line = need.onSchema() ? checkSchema(c, need) : checkTable(c, need);
            if (line != null) missing.add(line);
        }
        if (!missing.isEmpty()) throw new MissingPrivilegeException(currentUser(c), missing);
    }

    private static String checkSchema(Connection c, Need need) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname), has_schema_privilege(n.oid, ?)"
                + " FROM pg_catalog.pg_namespace n WHERE n.nspname = coalesce(?, current_schema())")) {
            for (String privilege : need.privileges()) {
                ps.setString(1, privilege);
                ps.setString(2, need.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(2)) {
                        return line(c, need, rs.getString(1), "SCHEMA " + rs.getString(1), List.of());
                    }
                }
            }
        }
        return null;
    }

    private static String checkTable(Connection c, Need need) throws SQLException {
        Long oid = null;
        String name = null;
        // found through the catalog, not to_regclass: that fails outright in a schema without USAGE
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, quote_ident(n.nspname) || '.' ||"
                + " quote_ident(c.relname) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relname = ? AND (n.nspname = ? OR ? IS NULL"
                + " AND c.oid = to_regclass(quote_ident(?)))")) {
            TableName t = need.table();
            ps.setString(1, t.name());
            ps.setString(2, t.schema());
            ps.setString(3, t.schema());
            ps.setString(4, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oid = rs.getLong(1);
                    name = rs.getString(2);
                }
            }
        }
        if (oid == null) return null;
        for (String privilege : need.privileges()) {
            List<String> lacking = new ArrayList<>();
            if (!holds(c, oid, privilege, need.columns(), lacking)) return line(c, need, name, name, lacking);
        }
        return null;
    }

    /**
     * Without columns, a privilege a column can hold counts when any column holds it (the server
     * checks the columns an operation really touches); with columns, every one must hold it.
     */
    private static boolean holds(Connection c, long oid, String privilege, List<String> columns, List<String> lacking)
            throws SQLException {
        if (columns.isEmpty()) {
            String function = COLUMN_PRIVILEGES.contains(privilege) ? "has_any_column_privilege" : "has_table_privilege";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?::oid, ?)")) {
                ps.setLong(1, oid);
                ps.setString(2, privilege);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT has_column_privilege(?::oid, ?, ?)")) {
            for (String column : columns) {
                ps.setLong(1, oid);
                ps.setString(2, column);
                ps.setString(3, privilege);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) lacking.add(column);
                }
            }
        }
        return lacking.isEmpty();
    }

    private static String line(Connection c, Need need, String objectName, String grantOn, List<String> lackingColumns)
            throws SQLException {
        StringBuilder sb = new StringBuilder(need.why().replace("{}", objectName));
        if (!lackingColumns.isEmpty() && lackingColumns.size() < need.columns().size()) sb.append(" (columns lacking it: ").append(String.join(", ", lackingColumns)).append(')');
        String user = currentUser(c);
        sb.append(": GRANT ").append(need.privilege()).append(" ON ").append(grantOn).append(" TO ").append(user);
        if (need.instead() != null) sb.append(", or ").append(need.instead().replace("{user}", user));
        return sb.toString();
    }

    private static String currentUser(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(current_user)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
