package io.pgcopy.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** TEMP stand-in for the real harness's database handle (same API). */
public final class TestDatabase {
    private final String url;

    TestDatabase(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql) {
        return Long.parseLong(queryString(sql));
    }

    public String queryString(String sql) {
        return queryText(sql).get(0).get(0);
    }

    public List<List<String>> queryText(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int k = 1; k <= n; k++) row.add(rs.getString(k));
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int serverVersionNum() {
        return (int) queryLong("SHOW server_version_num");
    }
}
