package io.pgcopy.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database of its own on the {@link TestPostgres} server, created for one test class and
 * dropped after it. Encoding is always UTF8. Each helper ({@link SqlRunner}'s too) opens and closes
 * its own connection.
 */
public final class TestDatabase implements SqlRunner, AutoCloseable {

  private static final int MAX_LABEL_LENGTH = 40;

  private final TestPostgres server;
  private final String name;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int serverVersionNum;

  private TestDatabase(TestPostgres server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates {@code t_<label>_<random>}; the label is usually the test class's simple name. */
  public static TestDatabase create(String label) throws SQLException {
    TestPostgres server = TestPostgres.get();
    String name = "t_" + sanitize(label) + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = server.connect(server.maintenanceDatabase());
        Statement st = c.createStatement()) {
      // template0: a pristine database even if template1 of a shared server was changed
      String sql = "CREATE DATABASE " + quote(name) + " TEMPLATE template0";
      if (!clusterIsUtf8(st)) {
        // the C locale goes with any encoding; the cluster's own may not go with UTF8
        sql += " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";
      }
      st.execute(sql);
    }
    return new TestDatabase(server, name);
  }

  private static boolean clusterIsUtf8(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT pg_encoding_to_char(encoding) FROM pg_database"
        + " WHERE datname = 'template0'")) {
      return rs.next() && "UTF8".equals(rs.getString(1));
    }
  }

  private static String sanitize(String label) {
    String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (s.isEmpty()) {
      s = "x";
    }
    return s.length() > MAX_LABEL_LENGTH ? s.substring(0, MAX_LABEL_LENGTH) : s;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public String name() {
    return name;
  }

  /** A JDBC URL with the user and password: {@code DriverManager.getConnection(url())} works. */
  public String url() {
    return server.url(name);
  }

  /** The connection properties of {@link #url()} (user, password, ...), a fresh copy each call. */
  public Properties properties() {
    return server.properties();
  }

  /** A new auto-commit connection to this database; the caller closes it. */
  @Override
  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  /** The server's version as a number, e.g. 150013 or 170002. */
  public int serverVersionNum() throws SQLException {
    if (serverVersionNum == 0) {
      serverVersionNum = (int) queryLong("SHOW server_version_num");
    }
    return serverVersionNum;
  }

  /** Drops the database, ending any connection still open to it. Idempotent. */
  @Override
  public void close() throws SQLException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean force = serverVersionNum() >= 130000;
    rollbackPreparedTransactions();
    try (Connection c = server.connect(server.maintenanceDatabase());
        Statement st = c.createStatement()) {
      if (!force) {
        // before PostgreSQL 13 there is no DROP DATABASE ... WITH (FORCE)
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name.replace("'", "''") + "'");
      }
      st.execute("DROP DATABASE IF EXISTS " + quote(name) + (force ? " WITH (FORCE)" : ""));
    }
  }

  /** A prepared transaction left by a failed test would keep the database from being dropped. */
  private void rollbackPreparedTransactions() throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      java.util.List<String> gids = new java.util.ArrayList<>();
      try (java.sql.ResultSet rs = st.executeQuery(
          "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()")) {
        while (rs.next()) {
          gids.add(rs.getString(1));
        }
      }
      for (String gid : gids) {
        st.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
      }
    }
  }

  @Override
  public String toString() {
    // not the URL: it may carry a password
    return "TestDatabase[" + name + "]";
  }
}
