package io.pgcopy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The DDL read from one database recreates the same table, keys and indexes in another. */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class TableDefinitionTest {
    private static final String DESCRIBE_COLUMNS = "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
            + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin,"
            + " d.adrelid), '') || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text"
            + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = 'app.\"Orders\"'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String DESCRIBE_KEYS = "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
            + " WHERE conrelid = 'app.\"Orders\"'::regclass ORDER BY conname";
    private static final String DESCRIBE_INDEXES = "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
            + " WHERE indrelid = 'app.\"Orders\"'::regclass ORDER BY 1";

    private static void createSource(TestDatabase db) throws SQLException {
        db.execute("CREATE SCHEMA app", "CREATE TYPE app.mood AS ENUM ('ok', 'sad')",
                "CREATE TABLE app.customers (id int PRIMARY KEY)",
                "CREATE TABLE app.\"Orders\" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " \"Customer\" int NOT NULL REFERENCES app.customers,"
                        + " amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0), code varchar(8) UNIQUE,"
                        + " tags text[], mood app.mood DEFAULT 'ok', created timestamptz DEFAULT now(),"
                        + " doubled numeric GENERATED ALWAYS AS (amount * 2) STORED, serial_no serial)",
                "CREATE INDEX orders_customer ON app.\"Orders\" (\"Customer\", created DESC)",
                "CREATE INDEX orders_big ON app.\"Orders\" (lower(code)) WHERE amount > 100");
    }

    @Test
    void recreatesColumnsKeysAndIndexesInAnotherDatabase(TestDatabase source) throws Exception {
        createSource(source);
        TableDefinition orders;
        try (Connection c = source.connect()) {
            orders = TableDefinition.read(c, TableName.parse("app.\"Orders\""));
            assertEquals(List.of(new TableName("app", "Orders"), new TableName("app", "customers")),
                    TableDefinition.tablesOf(c, "app"));
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1"); // the caller's search_path is back
                assertEquals("\"$user\", public", source.queryString("SHOW search_path"));
            }
        }
        assertEquals(List.of("id", "Customer", "amount", "code", "tags", "mood", "created", "serial_no"),
                orders.copiedColumns());
        assertEquals(1, orders.foreignKeys().size(), orders.foreignKeys().toString());
        assertTrue(orders.createTableSql().contains("\"mood\" app.mood DEFAULT 'ok'::app.mood"), orders.createTableSql());
        assertFalse(orders.createTableSql().contains("nextval"), "a sequence default is not copied");

        try (TestDatabase target = TestDatabase.create("tabledef_target")) {
            target.execute("CREATE SCHEMA app", "CREATE TYPE app.mood AS ENUM ('ok', 'sad')",
                    "CREATE TABLE app.customers (id int PRIMARY KEY)");
            target.execute(orders.createTableSql());
            target.execute("INSERT INTO app.customers VALUES (1)",
                    "INSERT INTO app.\"Orders\" (id, \"Customer\", amount, serial_no) VALUES (7, 1, 5, 1)");
            target.execute(orders.afterLoadSql().toArray(String[]::new));
            target.execute(orders.foreignKeys().toArray(String[]::new));

            List<List<String>> sourceColumns = source.queryText(DESCRIBE_COLUMNS);
            List<List<String>> targetColumns = target.queryText(DESCRIBE_COLUMNS);
            assertEquals(sourceColumns.size(), targetColumns.size());
            for (int i = 0; i < sourceColumns.size(); i++) {
                String s = sourceColumns.get(i).get(0);
                if (s.startsWith("serial_no")) {
                    assertEquals("serial_no integer not null identity= generated=", targetColumns.get(i).get(0));
                } else {
                    assertEquals(s, targetColumns.get(i).get(0));
                }
            }
            assertEquals(source.queryText(DESCRIBE_KEYS), target.queryText(DESCRIBE_KEYS));
            assertEquals(source.queryText(DESCRIBE_INDEXES), target.queryText(DESCRIBE_INDEXES));
            // the identity continues after the copied rows, and is ALWAYS again
            target.execute("INSERT INTO app.\"Orders\" (\"Customer\", serial_no) VALUES (1, 2)");
            assertEquals(8, target.queryLong("SELECT max(id) FROM app.\"Orders\""));
            assertThrows(SQLException.class,
                    () -> target.execute("INSERT INTO app.\"Orders\" (id, \"Customer\", serial_no) VALUES (99, 1, 3)"));
        }
    }

    @Test
    void aMissingTableIsAClearError(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            SQLException e = assertThrows(SQLException.class, () -> TableDefinition.read(c, TableName.parse("nope")));
            assertEquals("table nope does not exist", e.getMessage());
        }
    }
}
