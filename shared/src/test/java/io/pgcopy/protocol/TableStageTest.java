package io.pgcopy.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.sql.TableName;
import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stage of a CREATE / REPLACE TABLE AS SELECT: renamed into place in one transaction, found by cleanup. */
@ExtendWith(PostgresExtension.class)
class TableStageTest {
    private static final String SCHEMA = "St \"age\"";

    private static TableStage staged(TestDatabase db, String target, String rows) throws SQLException {
        db.execute("CREATE SCHEMA IF NOT EXISTS \"St \"\"age\"\"\"");
        TableStage stage = TableStage.forTarget(new TableName(SCHEMA, target));
        db.execute("CREATE TABLE " + stage.stage().quoted() + " AS SELECT " + rows + " AS v");
        return stage;
    }

    @Test
    void replaceDropsTheOldTableAndRenamesTheStageInOneTransaction(TestDatabase db) throws Exception {
        TableStage stage = staged(db, "Tab.le", "'new'");
        db.execute("CREATE TABLE " + stage.target().quoted() + " AS SELECT 'old' AS v");
        try (Connection c = db.connect()) {
            stage.commit(c, "TABLE", "5s");
        }
        assertEquals("new", db.queryString("SELECT v FROM " + stage.target().quoted()));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + stage.stage().name() + "'"));
    }

    @Test
    void aCreateDoesNotOverwriteATableCreatedMeanwhileAndCleanupFindsTheStage(TestDatabase db) throws Exception {
        TableStage stage = staged(db, "raced", "'new'");
        db.execute("CREATE TABLE " + stage.target().quoted() + " AS SELECT 'other' AS v");
        try (Connection c = db.connect()) {
            SQLException e = assertThrows(SQLException.class, () -> stage.commit(c, null, "5s"));
            assertEquals("42P07", e.getSQLState(), "duplicate_table");
            assertTrue(Leftovers.find(c).stages().contains(stage.stage()), "pgcopy cleanup finds the stage");
            assertTrue(stage.drop(c, new ConnectionSpec(db.url(), new Properties())));
        }
        assertEquals("other", db.queryString("SELECT v FROM " + stage.target().quoted()));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + stage.stage().name() + "'"));
    }
}
