package io.pgcopy.testing;

import io.pgcopy.local.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@link PrivateCluster} with plain URLs (LocalCluster's own URL names the superuser, and a user
 * in the URL wins over the {@code user} option) and SQL run as its superuser: for tests that log in
 * as roles they create.
 */
public final class PrivateServer implements AutoCloseable {
    private final LocalCluster cluster;

    private PrivateServer(LocalCluster cluster) {
        this.cluster = cluster;
    }

    public static PrivateServer start(String... settings) {
        return new PrivateServer(PrivateCluster.start(settings));
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** {@code jdbc:postgresql://<host>:<port>/postgres} with no user in it. */
    public String url(String host) {
        return "jdbc:postgresql://" + host + ":" + cluster.port() + "/postgres";
    }

    public String url() {
        return url("127.0.0.1");
    }

    public Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(url() + "?user=" + user);
    }

    /** Runs statements as the superuser. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(LocalCluster.SUPERUSER); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(LocalCluster.SUPERUSER); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
