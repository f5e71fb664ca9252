package io.pgcopy.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Arrow's HALF floats (Float2Vector from Arrow 15) are read from their buffer by HalfFloats. */
class HalfFloatsTest {

    @Test
    void convertsEveryKindOfBinary16() {
        assertEquals(0f, HalfFloats.toFloat((short) 0x0000));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfFloats.toFloat((short) 0x8000)));
        assertEquals(1f, HalfFloats.toFloat((short) 0x3C00));
        assertEquals(-2f, HalfFloats.toFloat((short) 0xC000));
        assertEquals(1.5f, HalfFloats.toFloat((short) 0x3E00));
        assertEquals(-0.25f, HalfFloats.toFloat((short) 0xB400));
        assertEquals(65504f, HalfFloats.toFloat((short) 0x7BFF));
        assertEquals(-65504f, HalfFloats.toFloat((short) 0xFBFF));
        assertEquals(0.33325195f, HalfFloats.toFloat((short) 0x3555));
        assertEquals(0x1p-14f, HalfFloats.toFloat((short) 0x0400), "smallest normal");
        assertEquals(0x1p-24f, HalfFloats.toFloat((short) 0x0001), "smallest subnormal");
        assertEquals(0x3FFp-24f, HalfFloats.toFloat((short) 0x03FF), "largest subnormal");
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(HalfFloats.toFloat((short) 0x7E00)));
    }
}
