package io.pgcopy.mapping;

import java.util.List;

/** Every reason the source cannot be written to the table, found before any row is sent. */
public final class SchemaMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public SchemaMismatchException(String table, List<String> problems) {
        super("cannot write to table " + table + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
