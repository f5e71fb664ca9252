package io.pgcopy.protocol;

import java.util.Locale;

/** The delivery guarantee of a parallel write (DESIGN.md, "Write semantics"). */
public enum CommitMode {
    /** Each task attempt COPYs into its own staging table; the job commit moves all rows in one transaction. */
    JOB,
    /** Each task COPYs straight into the target and commits: fastest; a retried task can duplicate rows. */
    TASK,
    /** Each task COPYs into the target and PREPAREs; the job commit runs COMMIT PREPARED for the winners. */
    PREPARED;

    public static CommitMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("commit must be job, task or prepared, not: " + value);
        }
    }
}
