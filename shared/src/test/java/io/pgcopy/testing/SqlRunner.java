package io.pgcopy.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a test runs its own SQL: each call on a new auto-commit connection of {@link #connect()},
 * closed before it returns, so nothing a test does here holds a lock or a transaction.
 */
public interface SqlRunner {

    /** A new auto-commit connection; the caller closes it. */
    Connection connect() throws SQLException;

    /** Runs each statement in turn on one connection. */
    default void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The first column of the first row, which must exist and not be null. */
    default long queryLong(String sql) throws SQLException {
        String value = queryString(sql);
        if (value == null) {
            throw new IllegalStateException("NULL from: " + sql);
        }
        return Long.parseLong(value.trim());
    }

    /** The first column of the first row as text (null for SQL NULL); the row must exist. */
    default String queryString(String sql) throws SQLException {
        List<List<String>> rows = queryText(sql);
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            throw new IllegalStateException("no value from: " + sql);
        }
        return rows.get(0).get(0);
    }

    /** Every row, every value as {@code getString} gives it; SQL NULL stays null. */
    default List<List<String>> queryText(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The first column of every row, as text. */
    default List<String> queryColumn(String sql) throws SQLException {
        List<String> column = new ArrayList<>();
        for (List<String> row : queryText(sql)) {
            column.add(row.get(0));
        }
        return column;
    }
}
