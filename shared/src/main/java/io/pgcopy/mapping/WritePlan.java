package io.pgcopy.mapping;

import io.pgcopy.catalog.PgTable;
import io.pgcopy.codec.EncoderFactory;
import io.pgcopy.codec.RowEncoder;
import io.pgcopy.codec.ValueEncoder;
import io.pgcopy.sql.Identifiers;
import io.pgcopy.sql.TableName;
import io.pgcopy.values.SourceType;
import java.io.Serializable;
import java.util.List;

/** The checked mapping of a source schema onto a table: serializable, so engines ship it to workers. */
public final class WritePlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PgTable table;
    private final List<PlannedColumn> columns;
    private final EncoderFactory.Options encoderOptions;

    WritePlan(PgTable table, List<PlannedColumn> columns, EncoderFactory.Options encoderOptions) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.encoderOptions = encoderOptions;
    }

    public PgTable table() {
        return table;
    }

    public List<PlannedColumn> columns() {
        return columns;
    }

    /** {@code COPY "s"."t" ("a", "b") FROM STDIN (FORMAT binary)} into the plan's table. */
    public String copySql() {
        return copySql(table.name());
    }

    /** The same COPY into another table of the same shape (a staging table). */
    public String copySql(TableName into) {
        return "COPY " + into.quoted() + " (" + Identifiers.quoteList(columns.stream().map(c -> c.column().name())
                .toList()) + ") FROM STDIN (FORMAT binary)";
    }

    /** Fresh encoders for one writer (encoders keep scratch state, so writers never share them). */
    public RowEncoder newRowEncoder() {
        int n = columns.size();
        String[] names = new String[n];
        String[] types = new String[n];
        boolean[] notNull = new boolean[n];
        int[] indexes = new int[n];
        SourceType[] sourceTypes = new SourceType[n];
        ValueEncoder[] encoders = new ValueEncoder[n];
        for (int c = 0; c < n; c++) {
            PlannedColumn p = columns.get(c);
            names[c] = p.column().name();
            types[c] = p.typeDisplay();
            notNull[c] = p.column().notNull();
            indexes[c] = p.sourceIndex();
            sourceTypes[c] = p.source().type();
            encoders[c] = EncoderFactory.create(p.source().type(), p.type(), p.type().effectiveTypmod(p.typmod()),
                    encoderOptions);
        }
        return new RowEncoder(table.name().toString(), names, types, notNull, indexes, sourceTypes, encoders);
    }
}
