package io.pgcopy.protocol;

import io.pgcopy.copy.Closing;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * How to reach the server: a pgjdbc URL and connection properties. Serializable so that engines
 * ship it to workers; {@link #toString()} never shows a password.
 *
 * <p>Two properties are pgcopy's, not pgjdbc's: {@value #LOCK_TIMEOUT} (PostgreSQL's
 * {@code lock_timeout} for every session pgcopy opens, e.g. {@code 10s}: a table locked by another
 * session then fails the write instead of waiting forever) and {@code ApplicationName}, which
 * defaults to {@value #APPLICATION_NAME} so pgcopy's sessions can be told apart in
 * {@code pg_stat_activity}.
 */
public final class ConnectionSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> SECRET_KEYS = Set.of("password", "sslpassword", "sslkey");
    private static final Pattern PASSWORD_IN_URL =
            Pattern.compile("(?i)((?:password|sslpassword)=)[^&]*");

    public static final String LOCK_TIMEOUT = "lockTimeout";
    public static final String APPLICATION_NAME = "pgcopy";
    private static final String APPLICATION_NAME_KEY = "ApplicationName";
    /** What PostgreSQL's lock_timeout accepts: a number with an optional unit. */
    private static final Pattern DURATION = Pattern.compile("\\d+\\s*(us|ms|s|min|h|d)?");

    /** SQLSTATE too_many_connections. */
    private static final String TOO_MANY_CONNECTIONS = "53300";

    private final String url;
    private final Properties properties;
    private final String lockTimeout;

    public ConnectionSpec(String url, Properties properties) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must be a jdbc:postgresql: URL, got: " + redact(url));
        }
        this.url = url;
        this.properties = new Properties();
        String lock = null;
        boolean named = false;
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key);
                if (key.equalsIgnoreCase(LOCK_TIMEOUT)) {
                    lock = value.trim();
                } else {
                    named |= key.equalsIgnoreCase(APPLICATION_NAME_KEY);
                    this.properties.setProperty(key, value);
                }
            }
        }
        named |= url.toLowerCase(java.util.Locale.ROOT).contains("applicationname=");
        if (!named) this.properties.setProperty(APPLICATION_NAME_KEY, APPLICATION_NAME);
        if (lock != null && !DURATION.matcher(lock).matches()) {
            throw new IllegalArgumentException("option \"" + LOCK_TIMEOUT + "\" must be a duration such as 500ms, 10s"
                    + " or 2min (0 waits forever), not: " + lock);
        }
        this.lockTimeout = lock;
    }

    /** The session's lock_timeout, if {@value #LOCK_TIMEOUT} was given. */
    public java.util.Optional<String> lockTimeout() {
        return java.util.Optional.ofNullable(lockTimeout);
    }

    /**
     * Opens a connection with pgjdbc's driver directly (no DriverManager class-loader surprises). A
     * server out of connection slots fails at once with what to change, not with a bare "too many
     * clients".
     */
    public Connection open() throws SQLException {
        Connection c;
        try {
            c = new Driver().connect(url, properties);
        } catch (SQLException e) {
            if (!TOO_MANY_CONNECTIONS.equals(e.getSQLState())) throw ConnectFailures.explain(e, redact(url));
            throw new SQLException("PostgreSQL at " + redact(url) + " has no connection slot left (" + e.getMessage()
                    + "). pgcopy opens one connection per parallel COPY: lower numPartitions (Spark) or the sink's"
                    + " parallelism (Flink), or raise max_connections on the server", TOO_MANY_CONNECTIONS, e);
        }
        if (c == null) throw new SQLException("pgjdbc did not accept the URL " + redact(url));
        if (lockTimeout != null) {
            try (java.sql.PreparedStatement s = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                s.setString(1, lockTimeout);
                s.execute();
            } catch (Throwable e) {
                Closing.closeAfter(c, e);
                throw e;
            }
        }
        return c;
    }

    public String url() {
        return url;
    }

    /** The URL with any password replaced by ***. */
    public static String redact(String url) {
        return url == null ? null : PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(redact(url));
        for (String key : properties.stringPropertyNames()) {
            sb.append(' ').append(key).append('=')
                    .append(SECRET_KEYS.contains(key.toLowerCase(java.util.Locale.ROOT)) ? "***" : properties.getProperty(key));
        }
        if (lockTimeout != null) sb.append(' ').append(LOCK_TIMEOUT).append('=').append(lockTimeout);
        return sb.toString();
    }
}
