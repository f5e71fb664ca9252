package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;

/**
 * time from text such as {@code 13:45}, {@code 13:45:10.123456}, {@code 24:00:00}: how a time column
 * is written from engines without a time type (Spark before 4.1 reads it as such text, too).
 */
final class TimeTextEncoder implements ValueEncoder {
    private final ScratchBytes scratch = new ScratchBytes();

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer o) {
        scratch.reset();
        v.writeUtf8(i, scratch);
        String text = scratch.toString().trim();
        long micros;
        try {
            micros = parseTime(text);
        } catch (RuntimeException e) {
            throw new BadValueException("invalid input syntax for type time (expected HH:MM[:SS[.ffffff]])", text);
        }
        if (micros > TemporalEncoders.MICROS_PER_DAY) throw new BadValueException("time out of range", text);
        o.writeInt(8);
        o.writeLong(micros);
    }

    /** HH:MM[:SS[.f...]] as microseconds of the day; more than 6 fraction digits round half to even, as time_in does. */
    static long parseTime(String t) {
        String[] parts = t.split(":", -1);
        if (parts.length < 2 || parts.length > 3) throw new IllegalArgumentException();
        long h = digits(parts[0]);
        long m = digits(parts[1]);
        long micros = 0;
        long s = 0;
        if (parts.length == 3) {
            String sec = parts[2];
            int dot = sec.indexOf('.');
            s = digits(dot < 0 ? sec : sec.substring(0, dot));
            if (dot >= 0) micros = fractionMicros(sec.substring(dot + 1));
        }
        if (h > 24 || m > 59 || s > 60) throw new IllegalArgumentException();
        return ((h * 60 + m) * 60 + s) * 1_000_000L + micros;
    }

    private static long fractionMicros(String frac) {
        if (frac.isEmpty()) return 0;
        digits(frac);
        long micros = Long.parseLong((frac + "000000").substring(0, 6));
        if (frac.length() <= 6) return micros;
        String rest = frac.substring(6);
        int first = rest.charAt(0) - '0';
        boolean beyondHalf = rest.substring(1).chars().anyMatch(c -> c != '0');
        if (first > 5 || (first == 5 && (beyondHalf || (micros & 1) == 1))) micros++;
        return micros;
    }

    private static long digits(String part) {
        if (part.isEmpty() || part.length() > 18 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException();
        }
        return Long.parseLong(part);
    }
}
