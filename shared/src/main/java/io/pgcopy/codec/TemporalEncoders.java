package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * date, time, timetz, timestamp, timestamptz and interval (date.c, timestamp.c). PostgreSQL counts
 * from 2000-01-01; sources count from 1970-01-01. Long.MAX_VALUE / Long.MIN_VALUE microseconds
 * (Integer.MAX_VALUE / MIN_VALUE days) stand for infinity and -infinity, as PostgreSQL's own
 * DT_NOEND/DT_NOBEGIN do.
 */
final class TemporalEncoders {
    private TemporalEncoders() {}

    static final long EPOCH_DAYS = 10_957L; // 1970-01-01 .. 2000-01-01
    static final long EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000L;
    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** Valid timestamps: 4714-11-24 BC .. 294276 AD, in PostgreSQL microseconds (timestamp.h). */
    static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;
    static final long END_TIMESTAMP = 9_223_371_331_200_000_000L;
    /** Valid dates: julian day 0 .. 5874897-12-31, in PostgreSQL days. */
    static final long MIN_DATE = -2_451_545L;
    static final long END_DATE = 2_147_483_494L - 2_451_545L;

    static ValueEncoder date(SourceType s) {
        if (s.kind() != SourceType.Kind.DATE) return null;
        return (v, i, o) -> {
            int days = v.getInt(i);
            o.writeInt(4);
            if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                o.writeInt(days);
                return;
            }
            long pg = days - EPOCH_DAYS;
            if (pg < MIN_DATE || pg >= END_DATE) throw new BadValueException("date out of range", days + " days");
            o.writeInt((int) pg);
        };
    }

    static ValueEncoder time(SourceType s) {
        if (s.kind() == SourceType.Kind.STRING) return new TimeTextEncoder();
        if (s.kind() != SourceType.Kind.TIME) return null;
        return (v, i, o) -> {
            o.writeInt(8);
            o.writeLong(timeOfDay(v.getLong(i)));
        };
    }

    /** timetz: µs of day then the zone's offset in seconds WEST of UTC; a zone-less TIME is taken as UTC. */
    static ValueEncoder timetz(SourceType s) {
        if (s.kind() == SourceType.Kind.TIME) {
            return (v, i, o) -> {
                o.writeInt(12);
                o.writeLong(timeOfDay(v.getLong(i)));
                o.writeInt(0);
            };
        }
        if (s.kind() == SourceType.Kind.STRING) return new TimeTzTextEncoder();
        return null;
    }

    private static long timeOfDay(long micros) {
        if (micros < 0 || micros > MICROS_PER_DAY) throw new BadValueException("time out of range", micros + " us");
        return micros;
    }

    static ValueEncoder timestamp(SourceType s, ZoneId sessionZone) {
        switch (s.kind()) {
            case TIMESTAMP:
                return (v, i, o) -> writeTimestamp(o, v.getLong(i), 0);
            case TIMESTAMP_LTZ: {
                // an instant written to a zone-less column: its wall clock in the session time zone
                ZoneRules rules = sessionZone.getRules();
                if (rules.isFixedOffset()) {
                    long shift = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000_000L;
                    return (v, i, o) -> writeTimestamp(o, v.getLong(i), shift);
                }
                return (v, i, o) -> {
                    long micros = v.getLong(i);
                    long shift = isInfinity(micros) ? 0
                            : rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))).getTotalSeconds()
                                    * 1_000_000L;
                    writeTimestamp(o, micros, shift);
                };
            }
            case DATE:
                return (v, i, o) -> {
                    int days = v.getInt(i);
                    long micros = days == Integer.MAX_VALUE ? Long.MAX_VALUE : days == Integer.MIN_VALUE
                            ? Long.MIN_VALUE : days * MICROS_PER_DAY;
                    writeTimestamp(o, micros, 0);
                };
            default:
                return null;
        }
    }

    /** timestamptz takes instants; zone-less values only when a zone to read them in is configured. */
    static ValueEncoder timestamptz(SourceType s, ZoneId naiveZone) {
        switch (s.kind()) {
            case TIMESTAMP_LTZ:
                return (v, i, o) -> writeTimestamp(o, v.getLong(i), 0);
            case TIMESTAMP: {
                if (naiveZone == null) return null;
                return (v, i, o) -> {
                    long micros = v.getLong(i);
                    if (isInfinity(micros)) {
                        writeTimestamp(o, micros, 0);
                        return;
                    }
                    LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0,
                            ZoneOffset.UTC);
                    long offset = naiveZone.getRules().getOffset(local).getTotalSeconds() * 1_000_000L;
                    writeTimestamp(o, micros, -offset);
                };
            }
            default:
                return null;
        }
    }

    private static boolean isInfinity(long micros) {
        return micros == Long.MAX_VALUE || micros == Long.MIN_VALUE;
    }

    private static void writeTimestamp(CopyBuffer o, long unixMicros, long shift) {
        o.writeInt(8);
        if (isInfinity(unixMicros)) {
            o.writeLong(unixMicros);
            return;
        }
        long pg = unixMicros + shift - EPOCH_MICROS;
        if (unixMicros + shift < MIN_TIMESTAMP + EPOCH_MICROS || pg >= END_TIMESTAMP) {
            throw new BadValueException("timestamp out of range", unixMicros + " us since 1970-01-01");
        }
        o.writeLong(pg);
    }

    /** interval: int64 µs, int32 days, int32 months. */
    static ValueEncoder interval(SourceType s) {
        switch (s.kind()) {
            case INTERVAL_YEAR_MONTH: return (v, i, o) -> writeInterval(o, 0, 0, v.getInt(i));
            case INTERVAL_DAY_TIME: return (v, i, o) -> writeInterval(o, v.getLong(i), 0, 0);
            case INTERVAL: return (v, i, o) -> {
                IndexedValues.Interval x = v.getInterval(i);
                writeInterval(o, x.micros(), x.days(), x.months());
            };
            default: return null;
        }
    }

    private static void writeInterval(CopyBuffer o, long micros, int days, int months) {
        o.writeInt(16);
        o.writeLong(micros);
        o.writeInt(days);
        o.writeInt(months);
    }
}
