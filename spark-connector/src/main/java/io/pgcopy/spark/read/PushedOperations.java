package io.pgcopy.spark.read;

import io.pgcopy.read.PushedClauses;
import java.io.Serializable;
import java.util.List;

/**
 * What a scan's SELECTs do besides reading columns: the pushed condition (SQL, or null), the clauses
 * after it, whether the source is read as one split (for a complete aggregate, top-N or offset), and
 * what Spark pushed, for {@code explain()}.
 */
record PushedOperations(String where, PushedClauses clauses, boolean whole, List<String> description)
        implements Serializable {
}
