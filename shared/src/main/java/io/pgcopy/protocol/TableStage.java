package io.pgcopy.protocol;

import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The new table of a CREATE / REPLACE TABLE AS SELECT while its rows arrive: a normal table named
 * {@code pgcopy_<job>_t} in the target's schema, which one transaction renames into place — after
 * dropping the table it replaces — so that readers see the old table or the whole new one, never
 * a missing or half-filled one. Renaming (not copying) keeps the commit's cost independent of the
 * row count.
 */
public final class TableStage {
    private final TableName target;
    private final TableName stage;

    private TableStage(TableName target, TableName stage) {
        this.target = target;
        this.stage = stage;
    }

    /** A new stage name for {@code target} (nothing is created yet). */
    public static TableStage forTarget(TableName target) {
        return new TableStage(target, new TableName(target.schema(), WriteNames.prefix(WriteNames.newJobId()) + "t"));
    }

    public TableName target() {
        return target;
    }

    public TableName stage() {
        return stage;
    }

    /**
     * Renames the stage into place in one transaction. {@code replacedNoun} ({@code TABLE},
     * {@code VIEW}, …) drops what the target is first; null when nothing is replaced, and then a
     * target created meanwhile fails the rename (duplicate_table) instead of being overwritten. Waits
     * at most {@code lockTimeout} for readers of the old table.
     */
    public void commit(Connection c, String replacedNoun, String lockTimeout) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                ps.setString(1, lockTimeout);
                ps.execute();
            }
            if (replacedNoun != null) s.execute("DROP " + replacedNoun + " IF EXISTS " + target.quoted());
            s.execute("ALTER TABLE " + stage.quoted() + " RENAME TO " + Identifiers.quote(target.name()));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Drops the stage (a failed or cancelled statement), bounded by the spec's lock timeout; false if it stays. */
    public boolean drop(Connection c, ConnectionSpec spec) {
        return BoundedDrop.on(c, spec).dropTable(stage);
    }
}
