package io.pgcopy.read;

import java.io.Serializable;
import java.util.List;

/**
 * An engine-neutral filter that can be pushed into the COPY's SELECT. Values are plain Java objects
 * (Boolean, integral numbers, Float/Double, BigDecimal, String, byte[], LocalDate, LocalDateTime
 * for timestamp, Instant for timestamptz); {@link PredicateSql} renders them as typed literals.
 */
public sealed interface Predicate extends Serializable {
    enum Op { EQ, NE, LT, LE, GT, GE, NULL_SAFE_EQ }

    enum Match { STARTS_WITH, ENDS_WITH, CONTAINS }

    record Compare(String column, Op op, Object value) implements Predicate {}

    record In(String column, List<Object> values) implements Predicate {}

    record IsNull(String column, boolean negated) implements Predicate {}

    record StringMatch(String column, Match match, String text) implements Predicate {}

    record And(Predicate left, Predicate right) implements Predicate {}

    record Or(Predicate left, Predicate right) implements Predicate {}

    record Not(Predicate child) implements Predicate {}
}
