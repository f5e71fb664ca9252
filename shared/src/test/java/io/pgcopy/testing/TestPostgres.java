package io.pgcopy.testing;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.local.PostgresBinaries;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The PostgreSQL server the tests of this JVM use: the one named by {@code PGCOPY_TEST_URL}, or
 * else a throwaway cluster started on first use from the local PostgreSQL binaries and stopped
 * when the JVM exits. Tests normally get a {@link TestDatabase} through {@link
 * PostgresExtension} instead of using this class.
 */
public final class TestPostgres {

  /** Names a server to use instead of starting one: jdbc:postgresql://host:port/db?user=.. */
  public static final String URL_ENV = "PGCOPY_TEST_URL";

  static final String HOW_TO_GET_ONE = "The tests need a real PostgreSQL server. Either install"
      + " Debian's `postgresql` package (apt-get install -y postgresql), from whose binaries the"
      + " tests start a throwaway server themselves (or point PGCOPY_PG_BIN at a directory holding"
      + " initdb and pg_ctl), or set " + URL_ENV
      + "=jdbc:postgresql://host:port/db?user=..&password=.. to use an existing server.";

  private static final String JDBC_PREFIX = "jdbc:postgresql://";

  private static TestPostgres instance;
  private static RuntimeException startFailure;

  private final String baseUrl;
  private final LocalCluster cluster;

  private TestPostgres(String baseUrl, LocalCluster cluster) {
    this.baseUrl = baseUrl;
    this.cluster = cluster;
  }

  /** The server of this JVM, started now if this is the first use. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      if (startFailure != null) {
        // fail every later test class fast with the same message instead of retrying
        throw new IllegalStateException(startFailure.getMessage(), startFailure);
      }
      try {
        instance = create();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  private static TestPostgres create() {
    String url = System.getenv(URL_ENV);
    // a build that chose the binaries (one run per PostgreSQL version) means them, not a server
    if (url != null && !url.isBlank() && System.getProperty(PostgresBinaries.PROPERTY) == null) {
      return external(url.trim());
    }
    Path bin = PostgresBinaries.find().orElseThrow(() -> new IllegalStateException(
        "No PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin,"
            + " `pg_config --bindir` or PATH. " + HOW_TO_GET_ONE));
    LocalCluster cluster;
    long started = System.nanoTime();
    try {
      cluster = LocalCluster.start(bin);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not start a PostgreSQL server from " + bin + ": "
          + e.getMessage() + "\n" + HOW_TO_GET_ONE, e);
    }
    // one line, so a slow or odd start can be told apart from slow tests
    System.err.printf("pgcopy tests: PostgreSQL %s from %s on 127.0.0.1:%d, data in %s, up in %d ms%n",
        cluster.serverVersion(), bin, cluster.port(), cluster.dataDir(),
        (System.nanoTime() - started) / 1_000_000);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "pgcopy-test-postgres-stop"));
    return new TestPostgres(cluster.url("postgres"), cluster);
  }

  private static TestPostgres external(String url) {
    if (!url.startsWith(JDBC_PREFIX) || Driver.parseURL(url, null) == null) {
      throw new IllegalStateException(URL_ENV + " is not a jdbc:postgresql://host:port/db URL: "
          + url);
    }
    return new TestPostgres(url, null);
  }

  /** True when this harness started the server itself (so it has the harness's settings). */
  public boolean startedHere() {
    return cluster != null;
  }

  /** Where the server is, for messages: never the URL's parameters, which may hold a password. */
  public String describe() {
    String address = url("");
    int slash = address.indexOf('/', JDBC_PREFIX.length());
    String hosts = address.substring(JDBC_PREFIX.length(), slash);
    return (startedHere() ? "the harness's own PostgreSQL" : "the PostgreSQL of " + URL_ENV)
        + " at " + hosts;
  }

  /** The port of the server the harness started, if it started one. */
  public Optional<Integer> localPort() {
    return cluster == null ? Optional.empty() : Optional.of(cluster.port());
  }

  /** The database to connect to for CREATE/DROP DATABASE: the one named in the URL, or postgres. */
  public String maintenanceDatabase() {
    String db = Driver.parseURL(baseUrl, null).getProperty("PGDBNAME", "");
    return db.isEmpty() ? "postgres" : db;
  }

  /** A JDBC URL for {@code database} on this server, with the URL's user, password and options. */
  public String url(String database) {
    int query = baseUrl.indexOf('?');
    String address = query < 0 ? baseUrl : baseUrl.substring(0, query);
    String params = query < 0 ? "" : baseUrl.substring(query);
    int slash = address.indexOf('/', JDBC_PREFIX.length());
    String hosts = slash < 0 ? address : address.substring(0, slash);
    return hosts + "/" + database + params;
  }

  /** The connection properties in the URL (user, password, ...), not host, port, database. */
  public Properties properties() {
    Properties all = Driver.parseURL(baseUrl, null);
    Properties props = new Properties();
    for (String key : all.stringPropertyNames()) {
      if (!key.equals("PGHOST") && !key.equals("PGPORT") && !key.equals("PGDBNAME")) {
        props.setProperty(key, all.getProperty(key));
      }
    }
    return props;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database));
  }
}
