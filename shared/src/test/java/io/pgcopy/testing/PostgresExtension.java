package io.pgcopy.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * TEMP stand-in for the real harness (to be dropped when it lands): gives each test class a fresh
 * database on a cluster started by hand, at {@code PGCOPY_TEST_SERVER} (default 127.0.0.1:54341).
 */
public final class PostgresExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> cls = e.getRequiredTestClass();
        String server = System.getenv().getOrDefault("PGCOPY_TEST_SERVER", "127.0.0.1:54341");
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(cls.getName(), k -> {
            String db = "t_" + cls.getSimpleName().toLowerCase(Locale.ROOT) + "_" + Long.toHexString(System.nanoTime());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres?user=postgres");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            } catch (SQLException ex) {
                throw new IllegalStateException("no PostgreSQL at " + server, ex);
            }
            return new TestDatabase("jdbc:postgresql://" + server + "/" + db + "?user=postgres");
        }, TestDatabase.class);
    }
}
