package io.pgcopy.codec;

/**
 * The binary layout of numeric (numeric.c numeric_send/numeric_recv): int16 ndigits, int16 weight,
 * uint16 sign, uint16 dscale, then ndigits base-10000 digits. Shared by the encoder and the decoders.
 */
public final class NumericFormat {
    private NumericFormat() {}

    public static final int SIGN_POS = 0x0000;
    public static final int SIGN_NEG = 0x4000;
    public static final int SIGN_NAN = 0xC000;
    /** Infinities exist from PostgreSQL 14 on. */
    public static final int SIGN_PINF = 0xD000;
    public static final int SIGN_NINF = 0xF000;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) POW10[k] = POW10[k - 1] * 10;
    }

    /** 10^k for k in 0..18. */
    public static long pow10(int k) {
        return POW10[k];
    }
}
