package io.pgcopy.cli;

import io.pgcopy.protocol.ConnectionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server to talk to: a pgjdbc URL with the user and password given apart from it.
 * Shown only as {@link #display()}, with any password in the URL replaced by ***.
 */
record Database(String url, String user, String password) {
    Database {
        if (url == null) throw new IllegalArgumentException("--url is required (or set PGCOPY_URL)");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the URL must be a jdbc:postgresql://host:port/db URL, not '"
                    + ConnectionSpec.redact(url) + "'");
        }
    }

    /** The URL from {@code option} (or $PGCOPY_URL when {@code envUrl}), credentials from --user/--password or env. */
    static Database from(Args args, String option, boolean envUrl, Map<String, String> env) {
        String url = args.value(option).orElse(envUrl ? env.get("PGCOPY_URL") : null);
        if (url == null) {
            throw new IllegalArgumentException(option + " is required" + (envUrl ? " (or set PGCOPY_URL)" : ""));
        }
        return new Database(url, args.value("--user").orElse(env.get("PGCOPY_USER")),
                args.value("--password").orElse(env.get("PGCOPY_PASSWORD")));
    }

    /** The options of the pgcopy data source that reach this server. */
    Map<String, String> sparkOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("url", url);
        if (user != null) options.put("user", user);
        if (password != null) options.put("password", password);
        return options;
    }

    ConnectionSpec connection() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return new ConnectionSpec(url, p);
    }

    String display() {
        return ConnectionSpec.redact(url);
    }

    @Override
    public String toString() {
        return display();
    }
}
