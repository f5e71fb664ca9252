package io.pgcopy.read;

import java.io.Serializable;

/** An engine-neutral aggregate over one column (none for {@link Function#COUNT_STAR}). */
public record Aggregate(Function function, String column) implements Serializable {
    public enum Function { COUNT_STAR, COUNT, COUNT_DISTINCT, SUM, MIN, MAX, AVG }
}
