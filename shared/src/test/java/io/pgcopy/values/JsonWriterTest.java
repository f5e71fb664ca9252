package io.pgcopy.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void nestedContainersGetCommasAndColonsInTheRightPlaces() {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("a");
        w.value(1);
        w.name("b");
        w.beginArray();
        w.value(true);
        w.nullValue();
        w.beginObject();
        w.endObject();
        w.beginArray();
        w.endArray();
        w.value(new BigDecimal("-0.0100"));
        w.endArray();
        w.name("c");
        w.value(2.5);
        w.endObject();
        assertEquals("{\"a\":1,\"b\":[true,null,{},[],-0.0100],\"c\":2.5}", w.toString());
    }

    @Test
    void stringsAreEscapedAndNonAsciiKept() {
        JsonWriter w = new JsonWriter();
        w.value("q\"b\\n\nr\rt\t\u0001 é €");
        assertEquals("\"q\\\"b\\\\n\\nr\\rt\\t\\u0001 é €\"", w.toString());
    }

    @Test
    void nonFiniteDoublesBecomeStrings() {
        JsonWriter w = new JsonWriter();
        w.beginArray();
        w.value(Double.NaN);
        w.value(Double.NEGATIVE_INFINITY);
        w.endArray();
        assertEquals("[\"NaN\",\"-Infinity\"]", w.toString());
    }

    @Test
    void resetStartsAFreshValueAndDeepNestingGrows() {
        JsonWriter w = new JsonWriter();
        w.value("x");
        w.reset();
        for (int k = 0; k < 40; k++) w.beginArray();
        for (int k = 0; k < 40; k++) w.endArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(out::write);
        assertEquals("[".repeat(40) + "]".repeat(40), out.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, w::endArray);
    }

    @Test
    void typedValuesAreIsoStringsAndKeysOfAnyTypeBecomeNames() {
        JsonWriter key = new JsonWriter();
        JsonWriter w = new JsonWriter();
        w.beginObject();
        key.value(7);
        w.name(key);
        w.dateValue(19_782); // 2024-02-29
        key.reset().value("k\"");
        w.name(key);
        w.timestampValue(1_709_214_300_500_000L);
        w.name("i");
        w.instantValue(-1L);
        w.name("t");
        w.timeValue(49_500_000_000L);
        w.name("v");
        w.intervalValue(14, -3, 4_500_000L);
        w.name("z");
        w.intervalValue(0, 0, 0);
        w.name("b");
        w.binaryValue(new byte[] {0, 1, 2, (byte) 0xFF});
        w.name("f");
        w.value(0.1f);
        w.name("inf");
        w.dateValue(Integer.MAX_VALUE);
        w.endObject();
        assertEquals("{\"7\":\"2024-02-29\",\"k\\\"\":\"2024-02-29T13:45:00.5\",\"i\":\"1969-12-31T23:59:59.999999Z\","
                + "\"t\":\"13:45:00\",\"v\":\"P14M-3DT4.5S\",\"z\":\"PT0S\",\"b\":\"AAEC/w==\",\"f\":0.1,"
                + "\"inf\":\"infinity\"}", w.toString());
    }
}
