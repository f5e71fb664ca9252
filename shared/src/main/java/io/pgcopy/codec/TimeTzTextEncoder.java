package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;

/** timetz from text such as {@code 13:45:10.5+02}, {@code 08:00:00-05:30}, {@code 23:59:59Z}. */
final class TimeTzTextEncoder implements ValueEncoder {
    private final ScratchBytes scratch = new ScratchBytes();

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer o) {
        scratch.reset();
        v.writeUtf8(i, scratch);
        String text = scratch.toString().trim();
        try {
            int zoneAt = Math.max(Math.max(text.lastIndexOf('+'), text.lastIndexOf('-')), text.indexOf('Z'));
            if (zoneAt < 0) zoneAt = text.indexOf('z');
            if (zoneAt <= 0) throw new IllegalArgumentException();
            long micros = TimeTextEncoder.parseTime(text.substring(0, zoneAt));
            int east = parseOffset(text.substring(zoneAt));
            if (micros > TemporalEncoders.MICROS_PER_DAY) throw new IllegalArgumentException();
            o.writeInt(12);
            o.writeLong(micros);
            o.writeInt(-east);
        } catch (RuntimeException e) {
            throw new BadValueException("invalid input syntax for type time with time zone (expected HH:MM[:SS[.ffffff]]+HH[:MM])",
                    text);
        }
    }

    /** Seconds EAST of UTC. */
    private static int parseOffset(String z) {
        if (z.equalsIgnoreCase("Z")) return 0;
        int sign = z.charAt(0) == '-' ? -1 : 1;
        String body = z.substring(1);
        int h;
        int m = 0;
        int s = 0;
        if (body.contains(":")) {
            String[] p = body.split(":");
            h = Integer.parseInt(p[0]);
            m = Integer.parseInt(p[1]);
            if (p.length > 2) s = Integer.parseInt(p[2]);
        } else if (body.length() <= 2) {
            h = Integer.parseInt(body);
        } else {
            h = Integer.parseInt(body.substring(0, body.length() - 2));
            m = Integer.parseInt(body.substring(body.length() - 2));
        }
        if (h > 15 || m > 59 || s > 59) throw new IllegalArgumentException();
        return sign * (h * 3600 + m * 60 + s);
    }
}
