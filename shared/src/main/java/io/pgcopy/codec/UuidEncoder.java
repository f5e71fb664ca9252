package io.pgcopy.codec;

import io.pgcopy.values.IndexedValues;
import io.pgcopy.values.SourceType;

/**
 * uuid: 16 bytes (uuid_recv). From text, the forms uuid_in accepts: 32 hex digits, optionally in
 * braces, with a hyphen allowed after any group of four digits; from binary, exactly 16 bytes.
 */
final class UuidEncoder implements ValueEncoder {
    private final boolean fromText;
    private final ScratchBytes scratch = new ScratchBytes();

    private UuidEncoder(boolean fromText) {
        this.fromText = fromText;
    }

    static ValueEncoder create(SourceType s) {
        if (TextEncoders.isText(s)) return new UuidEncoder(true);
        if (s.kind() == SourceType.Kind.BINARY) return new UuidEncoder(false);
        return null;
    }

    @Override
    public void encode(IndexedValues v, int i, CopyBuffer o) {
        if (!fromText) {
            byte[] b = v.getBinary(i);
            if (b.length != 16) throw new BadValueException("a binary uuid must be 16 bytes, not " + b.length,
                    ValueText.hex(b));
            o.writeInt(16);
            o.write(b, 0, 16);
            return;
        }
        scratch.reset();
        v.writeUtf8(i, scratch);
        byte[] b = scratch.bytes;
        int from = 0;
        int to = scratch.length;
        if (to - from >= 2 && b[from] == '{' && b[to - 1] == '}') {
            from++;
            to--;
        }
        o.writeInt(16);
        o.ensure(16);
        byte[] out = o.array();
        int outPos = o.position();
        int digits = 0;
        int p = from;
        while (p < to) {
            if (digits == 32) throw invalid();
            int hi = Character.digit(b[p++], 16);
            if (hi < 0 || p >= to) throw invalid();
            int lo = Character.digit(b[p++], 16);
            if (lo < 0) throw invalid();
            out[outPos + digits / 2] = (byte) ((hi << 4) | lo);
            digits += 2;
            if (digits % 4 == 0 && digits < 32 && p < to && b[p] == '-') p++;
        }
        if (digits != 32) throw invalid();
        o.position(outPos + 16);
    }

    private BadValueException invalid() {
        return new BadValueException("invalid input syntax for type uuid", scratch.toString());
    }
}
