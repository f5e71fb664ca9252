package io.pgcopy.read;

import java.io.Serializable;

/**
 * A column whose PostgreSQL comparisons, ordering and aggregates can stand in for an engine's,
 * with the family of its type (which decides what may be pushed on it).
 *
 * @param precision the precision of a {@link Kind#DECIMAL} column (0 otherwise)
 * @param scale the scale of a {@link Kind#DECIMAL} column (0 otherwise)
 */
public record PushdownColumn(String name, Kind kind, int precision, int scale) implements Serializable {

    public enum Kind {
        BOOL,
        /** int2 and int4: their sum is an exact bigint in PostgreSQL, as engines sum them in a long. */
        INTEGER,
        BIGINT,
        /** float4 and float8: NaN is equal to itself and above every number, as in engines. */
        FLOAT,
        /** numeric(p,s) with p <= 38, read exactly. */
        DECIMAL,
        /**
         * unconstrained numeric read into a decimal (a value with more digits fails the read): compared
         * exactly, but not summed, since PostgreSQL's cast of the sum would round where the engine fails.
         */
        NUMERIC_UNCONSTRAINED,
        /** text, varchar, name: ordered and grouped byte-wise through COLLATE "C". */
        TEXT,
        /**
         * char(n): every value is padded to n characters, so equal values are equal strings, and it
         * can be grouped on; but PostgreSQL compares it without its trailing spaces (so 'a' = 'a  '
         * and 'a\t' > 'a '), which makes filters and ordering on it differ from an engine's.
         */
        BPCHAR,
        BYTEA,
        DATE,
        TIMESTAMP
    }
}
