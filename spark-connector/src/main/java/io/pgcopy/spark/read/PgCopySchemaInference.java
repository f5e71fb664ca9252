package io.pgcopy.spark.read;

import io.pgcopy.arrow.PgArrow;
import io.pgcopy.arrow.ReadOptions;
import io.pgcopy.spark.PgCopyOptions;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * The Spark schema of a table or query: the Arrow schema pgcopy reads it into (the read mapping of
 * the Arrow codec), as Spark's own Arrow conversion sees it.
 */
public final class PgCopySchemaInference {
    private PgCopySchemaInference() {}

    public static StructType infer(PgCopyOptions options) {
        String source = options.query().orElseGet(() -> options.table().map(t -> t.quoted()).orElseThrow(
                () -> new IllegalArgumentException("pgcopy needs the option \"dbtable\" or \"query\"")));
        try (Connection c = options.connection().open()) {
            return ArrowUtils.fromArrowSchema(PgArrow.readSchema(c, source, ReadOptions.DEFAULT));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema of " + options.table().map(Object::toString)
                    .orElse("the query") + ": " + e.getMessage(), e);
        }
    }
}
