package io.pgcopy.values;

import java.util.Objects;

/**
 * One field of the data to write, as the engine describes it.
 *
 * @param engineType the engine's own name of the type (e.g. Spark's "StringType"), used in messages
 */
public record SourceField(String name, SourceType type, boolean nullable, String engineType)
        implements java.io.Serializable {
    public SourceField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (engineType == null) engineType = type.toString();
    }

    public SourceField(String name, SourceType type, boolean nullable) {
        this(name, type, nullable, null);
    }
}
