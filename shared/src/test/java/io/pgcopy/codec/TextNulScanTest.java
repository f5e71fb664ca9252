package io.pgcopy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The word-at-a-time NUL scan agrees with a byte loop for every length, position and array end. */
class TextNulScanTest {
    @Test
    void agreesWithAByteLoopEverywhere() {
        for (int slack = 0; slack <= 9; slack++) {
            for (int from = 0; from <= 9; from++) {
                for (int length = 0; length <= 40; length++) {
                    byte[] b = new byte[from + length + slack];
                    Arrays.fill(b, (byte) 'x');
                    Arrays.fill(b, 0, from, (byte) 0); // zeros before and after the range must not count
                    Arrays.fill(b, from + length, b.length, (byte) 0);
                    assertEquals(false, TextEncoders.containsNul(b, from, from + length));
                    for (int at = from; at < from + length; at++) {
                        b[at] = 0;
                        assertEquals(true, TextEncoders.containsNul(b, from, from + length),
                                "from " + from + " length " + length + " NUL at " + at);
                        b[at] = (byte) (at % 2 == 0 ? 0x80 : 0x01); // bytes that trick naive checks
                    }
                    assertEquals(false, TextEncoders.containsNul(b, from, from + length));
                }
            }
        }
    }
}
