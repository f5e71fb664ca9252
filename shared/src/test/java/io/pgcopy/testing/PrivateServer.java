package io.pgcopy.testing;

import io.pgcopy.local.LocalCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A {@link PrivateCluster} with plain URLs (LocalCluster's own URL names the superuser, and a user
 * in the URL wins over the {@code user} option) and SQL run as its superuser: for tests that log in
 * as roles they create.
 */
public final class PrivateServer implements SqlRunner, AutoCloseable {
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

    /** As the superuser: {@link SqlRunner}'s statements and queries run as it. */
    @Override
    public Connection connect() throws SQLException {
        return connect(LocalCluster.SUPERUSER);
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
