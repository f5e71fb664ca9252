package io.pgcopy.protocol;

import java.util.Locale;

/** What happens to a row whose key already exists in the target. */
public enum ConflictAction {
    /** PostgreSQL's behaviour: the write fails. Rows are COPYed as they are. */
    ERROR,
    /** ON CONFLICT DO NOTHING. */
    IGNORE,
    /** ON CONFLICT (key) DO UPDATE of the non-key columns: an upsert. */
    UPDATE;

    public static ConflictAction parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("onConflict must be error, ignore or update, not: " + value);
        }
    }
}
