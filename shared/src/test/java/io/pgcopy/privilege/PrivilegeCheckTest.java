package io.pgcopy.privilege;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.catalog.TableIntrospector;
import io.pgcopy.mapping.MappingOptions;
import io.pgcopy.mapping.WritePlan;
import io.pgcopy.mapping.WritePlanner;
import io.pgcopy.protocol.CommitMode;
import io.pgcopy.protocol.ConflictAction;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.WriteNames;
import io.pgcopy.protocol.WriteSpec;
import io.pgcopy.sql.TableName;
import io.pgcopy.stream.CheckpointTransactions;
import io.pgcopy.testing.PrivateServer;
import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The up-front privilege check against real roles on a real server: what it demands is exactly
 * what the server demands (a role holding it passes, one lacking it is named with the GRANT), with
 * column privileges, schemas without USAGE, and the exactly-once commit log made by an administrator.
 */
@Tag("compat")
class PrivilegeCheckTest {
    private static final List<SourceField> FIELDS = List.of(
            new SourceField("id", SourceType.INT, false), new SourceField("v", SourceType.STRING, true));
    private static PrivateServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = PrivateServer.start();
        server.execute("CREATE SCHEMA app", "CREATE TABLE app.t (id int PRIMARY KEY, v text)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void role(String name, String... grants) throws SQLException {
        server.execute("CREATE ROLE " + name + " LOGIN");
        for (String g : grants) server.execute("GRANT " + g + " TO " + name);
    }

    private static WriteSpec spec(Connection c, CommitMode commit, ConflictAction onConflict, boolean overwrite)
            throws SQLException {
        WritePlan plan = WritePlanner.plan(c, TableName.parse("app.t"), FIELDS, MappingOptions.DEFAULT);
        return new WriteSpec(new ConnectionSpec(server.url(), new Properties()), plan, commit, onConflict,
                onConflict == ConflictAction.ERROR ? List.of() : List.of("id"), overwrite, WriteNames.newJobId(), 4096);
    }

    private static MissingPrivilegeException missing(Connection c, List<Need> needs) {
        return assertThrows(MissingPrivilegeException.class, () -> PrivilegeCheck.require(c, needs));
    }

    @Test
    void commitJobWithoutCreateOnTheSchemaIsNamedWithTheGrantAndTheModesThatNeedLess() throws Exception {
        role("jo", "USAGE ON SCHEMA app", "INSERT ON app.t");
        try (Connection c = server.connect("jo")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forWrite(spec(c, CommitMode.TASK, ConflictAction.ERROR, false)));
            PrivilegeCheck.require(c, RequiredPrivileges.forWrite(spec(c, CommitMode.PREPARED, ConflictAction.ERROR, false)));
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forWrite(
                    spec(c, CommitMode.JOB, ConflictAction.ERROR, false)));
            assertEquals(List.of("commit=job creates its staging tables in schema app and needs CREATE on it:"
                    + " GRANT CREATE ON SCHEMA app TO jo, or use commit=task or commit=prepared"), e.missing());
            assertEquals(MissingPrivilegeException.INSUFFICIENT_PRIVILEGE, e.getSQLState());
            // what the check said is what the server does: the stage cannot be created
            SQLException server = assertThrows(SQLException.class,
                    () -> c.createStatement().execute("CREATE UNLOGGED TABLE app.s AS SELECT * FROM app.t WITH NO DATA"));
            assertEquals("42501", server.getSQLState());
        }
        server.execute("GRANT CREATE ON SCHEMA app TO jo");
        try (Connection c = server.connect("jo")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forWrite(spec(c, CommitMode.JOB, ConflictAction.ERROR, false)));
        }
    }

    @Test
    void everyMissingPrivilegeOfAnUpsertOverwriteIsListed() throws Exception {
        role("up", "USAGE ON SCHEMA app", "INSERT ON app.t");
        try (Connection c = server.connect("up")) {
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forWrite(
                    spec(c, CommitMode.TASK, ConflictAction.UPDATE, true)));
            assertEquals(List.of(
                    "onConflict=update stages the rows in a table in schema app and needs CREATE on it:"
                            + " GRANT CREATE ON SCHEMA app TO up",
                    "onConflict=update looks up existing rows of app.t and needs SELECT on it:"
                            + " GRANT SELECT ON app.t TO up",
                    "onConflict=update updates existing rows of app.t and needs UPDATE on it:"
                            + " GRANT UPDATE ON app.t TO up, or use onConflict=ignore",
                    "mode=overwrite empties app.t with TRUNCATE and needs TRUNCATE on it (or to own it):"
                            + " GRANT TRUNCATE ON app.t TO up, or append with mode=append"), e.missing());
            assertTrue(e.getMessage().startsWith("user up lacks 4 privileges this needs (nothing was written): "),
                    e.getMessage());
        }
    }

    @Test
    void columnPrivilegesCountColumnByColumn() throws Exception {
        role("col", "USAGE ON SCHEMA app", "INSERT (id) ON app.t", "SELECT (id) ON app.t");
        try (Connection c = server.connect("col")) {
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forWrite(
                    spec(c, CommitMode.TASK, ConflictAction.ERROR, false)));
            assertEquals(List.of("writing into app.t needs INSERT on it (columns lacking it: v):"
                    + " GRANT INSERT ON app.t TO col"), e.missing());
            // a read is checked for any column: the server checks the columns a query really reads
            PrivilegeCheck.require(c, RequiredPrivileges.forRead(TableName.parse("app.t")));
        }
        server.execute("GRANT INSERT (v) ON app.t TO col");
        try (Connection c = server.connect("col")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forWrite(spec(c, CommitMode.TASK, ConflictAction.ERROR, false)));
        }
    }

    @Test
    void aSchemaWithoutUsageIsNamedInsteadOfFailingOnTheLookup() throws Exception {
        role("nousage", "SELECT ON app.t");
        try (Connection c = server.connect("nousage")) {
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forRead(TableName.parse("app.t")));
            assertEquals(List.of("using app.t needs USAGE on schema app: GRANT USAGE ON SCHEMA app TO nousage"),
                    e.missing());
        }
    }

    @Test
    void exactlyOnceNeedsCreateOnceOrALogAnAdministratorMadeFromTheGivenDdl() throws Exception {
        server.execute("CREATE SCHEMA eo", "CREATE TABLE eo.t (id int, v text)");
        role("eo_writer", "USAGE ON SCHEMA eo", "INSERT ON eo.t");
        TableName target = TableName.parse("eo.t");
        TableName log = CheckpointTransactions.logTable(target);
        String ddl = CheckpointTransactions.logDdl(log);
        try (Connection c = server.connect("eo_writer")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forStreamSink(target, List.of("id", "v"), List.of(), false,
                    log, false, ddl));
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forStreamSink(target, List.of("id", "v"),
                    List.of(), true, log, TableIntrospector.exists(c, log), ddl));
            assertEquals(List.of("exactly-once keeps its commit log in a table pgcopy_commit_log that does not exist"
                    + " yet, and creating it needs CREATE on schema eo: GRANT CREATE ON SCHEMA eo TO eo_writer, or have"
                    + " an administrator create it once: " + ddl + "; GRANT SELECT, INSERT, DELETE ON"
                    + " \"eo\".\"pgcopy_commit_log\" TO eo_writer"), e.missing());
        }
        // the administrator follows the message
        server.execute(ddl, "GRANT SELECT, INSERT ON " + log.quoted() + " TO eo_writer");
        try (Connection c = server.connect("eo_writer")) {
            assertTrue(TableIntrospector.exists(c, log));
            MissingPrivilegeException e = missing(c, RequiredPrivileges.forStreamSink(target, List.of("id", "v"),
                    List.of(), true, log, true, ddl));
            assertEquals(List.of("exactly-once records its commits in eo.pgcopy_commit_log and needs SELECT, INSERT"
                    + " and DELETE on it: GRANT SELECT, INSERT, DELETE ON eo.pgcopy_commit_log TO eo_writer"), e.missing());
        }
        server.execute("GRANT DELETE ON " + log.quoted() + " TO eo_writer");
        try (Connection c = server.connect("eo_writer")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forStreamSink(target, List.of("id", "v"), List.of(), true,
                    log, true, ddl));
            // without CREATE on the schema: CREATE TABLE IF NOT EXISTS would fail even on the existing log
            assertDoesNotThrow(() -> CheckpointTransactions.createLog(c, log));
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO eo.t VALUES (1, 'one')");
            CheckpointTransactions.prepare(c, log, "pgcopy_test_", 1);
            assertEquals(CheckpointTransactions.Outcome.COMMITTED, CheckpointTransactions.commit(c, log, "pgcopy_test_", 1));
        }
        assertEquals(1, server.queryLong("SELECT count(*) FROM eo.t"));
    }

    @Test
    void anUpsertSinkNeedsTheStageSchemaAndEveryChangeItApplies() throws Exception {
        server.execute("CREATE SCHEMA us", "CREATE TABLE us.t (id int PRIMARY KEY, v text)");
        role("us_writer", "USAGE ON SCHEMA us", "INSERT ON us.t");
        TableName target = TableName.parse("us.t");
        List<Need> needs = RequiredPrivileges.forStreamSink(target, List.of("id", "v"), List.of("id"), false,
                CheckpointTransactions.logTable(target), false, "");
        try (Connection c = server.connect("us_writer")) {
            MissingPrivilegeException e = missing(c, needs);
            assertEquals(4, e.missing().size(), e.getMessage());
            assertTrue(e.getMessage().contains("GRANT CREATE ON SCHEMA us TO us_writer"), e.getMessage());
            assertTrue(e.getMessage().contains("GRANT SELECT ON us.t TO us_writer"), e.getMessage());
            assertTrue(e.getMessage().contains("GRANT UPDATE ON us.t TO us_writer"), e.getMessage());
            assertTrue(e.getMessage().contains("GRANT DELETE ON us.t TO us_writer"), e.getMessage());
        }
        server.execute("GRANT CREATE ON SCHEMA us TO us_writer", "GRANT SELECT, UPDATE, DELETE ON us.t TO us_writer");
        try (Connection c = server.connect("us_writer")) {
            PrivilegeCheck.require(c, needs);
        }
    }

    @Test
    void aMissingTableIsSkippedAndItsCreationNeedsCreateOnTheSchema() throws Exception {
        role("creator", "USAGE ON SCHEMA app");
        try (Connection c = server.connect("creator")) {
            PrivilegeCheck.require(c, RequiredPrivileges.forRead(TableName.parse("app.nothing_here")));
            MissingPrivilegeException e = missing(c, RequiredPrivileges.tableCreation(TableName.parse("app.nothing_here")));
            assertEquals(List.of("the table app.nothing_here does not exist, and creating it needs CREATE on schema app:"
                    + " GRANT CREATE ON SCHEMA app TO creator, or create the table beforehand and grant INSERT on it"),
                    e.missing());
            // PostgreSQL 15 grants no CREATE on public to everyone: an unqualified table lands there
            List<Need> unqualified = RequiredPrivileges.tableCreation(TableName.parse("nothing_here"));
            if (server.queryLong("SHOW server_version_num") >= 150000) {
                e = missing(c, unqualified);
                assertTrue(e.getMessage().contains("GRANT CREATE ON SCHEMA public TO creator"), e.getMessage());
            } else {
                // before 15 everyone may: the check passes and the server agrees
                PrivilegeCheck.require(c, unqualified);
                try (var st = c.createStatement()) {
                    st.execute("CREATE TABLE nothing_here (id int)");
                    st.execute("DROP TABLE nothing_here");
                }
            }
        }
    }
}
