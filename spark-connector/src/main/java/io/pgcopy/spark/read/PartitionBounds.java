package io.pgcopy.spark.read;

import io.pgcopy.catalog.Oids;
import io.pgcopy.catalog.PgType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code lowerBound}/{@code upperBound} in the long form the splitter strides over: the integer,
 * days since 1970-01-01 for a date, microseconds since 1970-01-01 for a timestamp (a bound without
 * an offset is read as UTC; bounds only shape the strides, no row is filtered by them).
 */
final class PartitionBounds {
    private PartitionBounds() {}

    static long parse(String text, PgType type) {
        try {
            return switch (type.resolved().oid()) {
                case Oids.DATE -> LocalDate.parse(text).toEpochDay();
                case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> micros(text.replace(' ', 'T'));
                default -> Long.parseLong(text);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("partition bound \"" + text + "\" is not a valid "
                    + type.displayName() + " (use 2024-01-31, 2024-01-31 12:00:00 or an integer)", e);
        }
    }

    private static long micros(String iso) {
        Instant i;
        try {
            i = OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            i = (iso.length() == 10 ? LocalDate.parse(iso).atStartOfDay() : LocalDateTime.parse(iso))
                    .toInstant(ZoneOffset.UTC);
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }
}
