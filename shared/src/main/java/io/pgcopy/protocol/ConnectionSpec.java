package io.pgcopy.protocol;

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
 */
public final class ConnectionSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> SECRET_KEYS = Set.of("password", "sslpassword", "sslkey");
    private static final Pattern PASSWORD_IN_URL =
            Pattern.compile("(?i)((?:password|sslpassword)=)[^&]*");

    /** SQLSTATE too_many_connections. */
    private static final String TOO_MANY_CONNECTIONS = "53300";

    private final String url;
    private final Properties properties;

    public ConnectionSpec(String url, Properties properties) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must be a jdbc:postgresql: URL, got: " + redact(url));
        }
        this.url = url;
        this.properties = new Properties();
        if (properties != null) this.properties.putAll(properties);
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
            if (!TOO_MANY_CONNECTIONS.equals(e.getSQLState())) throw e;
            throw new SQLException("PostgreSQL at " + redact(url) + " has no connection slot left (" + e.getMessage()
                    + "). pgcopy opens one connection per parallel COPY: lower numPartitions (Spark) or the sink's"
                    + " parallelism (Flink), or raise max_connections on the server", TOO_MANY_CONNECTIONS, e);
        }
        if (c == null) throw new SQLException("pgjdbc did not accept the URL " + redact(url));
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
        return sb.toString();
    }
}
