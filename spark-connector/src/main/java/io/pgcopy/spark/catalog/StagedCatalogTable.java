package io.pgcopy.spark.catalog;

import io.pgcopy.catalog.Relations;
import io.pgcopy.protocol.BoundedDrop;
import io.pgcopy.protocol.ConnectionSpec;
import io.pgcopy.protocol.TableStage;
import io.pgcopy.spark.PgCopyOptions;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.types.StructType;

/**
 * The table of a CREATE / REPLACE TABLE AS SELECT: Spark writes the query's rows into the stage
 * (with the write's commit mode), then {@link #commitStagedChanges} renames the stage into place in
 * one transaction; a failed query ends in {@link #abortStagedChanges}, which drops the stage and
 * leaves the old table (or none) as it was.
 */
public final class StagedCatalogTable extends CatalogTable implements StagedTable {
    private final TableStage stage;
    private final ConnectionSpec connection;
    /** What the commit drops first ({@code TABLE}, {@code VIEW}, …); null for a create. */
    private final String replacedNoun;

    StagedCatalogTable(PgCopyOptions stageOptions, StructType schema, String displayName, TableStage stage,
            String replacedNoun) {
        super(stageOptions, schema, displayName, Relations.Kind.TABLE);
        this.stage = stage;
        this.connection = stageOptions.connection();
        this.replacedNoun = replacedNoun;
    }

    @Override
    public void commitStagedChanges() {
        try (Connection c = connection.open()) {
            stage.commit(c, replacedNoun, BoundedDrop.lockTimeoutOf(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the new " + stage.target() + " into place (it stays as it was): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void abortStagedChanges() {
        try (Connection c = connection.open()) {
            stage.drop(c, connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the stage " + stage.stage() + " of " + stage.target()
                    + " (remove it with pgcopy cleanup): " + e.getMessage(), e);
        }
    }
}
