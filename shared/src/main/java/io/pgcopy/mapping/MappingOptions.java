package io.pgcopy.mapping;

import io.pgcopy.codec.EncoderFactory;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.Map;

/**
 * How source fields map onto a target table.
 *
 * @param columnTypes per-column type overrides as SQL ({@code "qty" -> "numeric(15,2)"}): the
 *     column is encoded as that type instead of its catalog type (psycopg's set_types)
 * @param ignoreExtraFields leave out source fields that have no target column instead of failing
 */
public record MappingOptions(Map<String, String> columnTypes, boolean ignoreExtraFields, ZoneId sessionZone,
        ZoneId naiveTimestampZone) implements Serializable {
    public static final MappingOptions DEFAULT = new MappingOptions(Map.of(), false, null, null);

    public MappingOptions {
        columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
    }

    public EncoderFactory.Options encoderOptions() {
        return new EncoderFactory.Options(sessionZone, naiveTimestampZone);
    }

    public MappingOptions withColumnTypes(Map<String, String> types) {
        return new MappingOptions(types, ignoreExtraFields, sessionZone, naiveTimestampZone);
    }

    public MappingOptions withIgnoreExtraFields(boolean ignore) {
        return new MappingOptions(columnTypes, ignore, sessionZone, naiveTimestampZone);
    }

    public MappingOptions withSessionZone(ZoneId zone) {
        return new MappingOptions(columnTypes, ignoreExtraFields, zone, naiveTimestampZone);
    }

    public MappingOptions withNaiveTimestampZone(ZoneId zone) {
        return new MappingOptions(columnTypes, ignoreExtraFields, sessionZone, zone);
    }
}
