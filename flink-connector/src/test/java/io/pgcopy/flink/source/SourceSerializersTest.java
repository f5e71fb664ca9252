package io.pgcopy.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The split and enumerator state serializers round-trip, nulls and long SQL included, and refuse unknown versions. */
@Tag("compat")
class SourceSerializersTest {
    private static final String LONG = "x".repeat(70_000) + " ünï 😀";

    @Test
    void splitsRoundTrip() throws IOException {
        SplitSerializer s = new SplitSerializer();
        for (PgCopySplit split : List.of(new PgCopySplit(0, "\"public\".\"t\"", null, null, 0),
                new PgCopySplit(7, "(" + LONG + ") AS q", "ctid >= '(1,0)'::tid", "00000003-0000001B-1", 123_456_789_012L))) {
            assertEquals(split, s.deserialize(s.getVersion(), s.serialize(split)));
        }
        assertThrows(IOException.class, () -> s.deserialize(99, s.serialize(new PgCopySplit(0, "t", null, null, 0))));
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        EnumeratorStateSerializer s = new EnumeratorStateSerializer();
        for (PgCopyEnumeratorState state : List.of(new PgCopyEnumeratorState(null, null),
                new PgCopyEnumeratorState(List.of(), "snap"),
                new PgCopyEnumeratorState(List.of(new PgCopySplit(1, "t", "\"id\" < (5) OR \"id\" IS NULL", "snap", 0),
                        new PgCopySplit(2, "t", LONG, "snap", 9)), "snap"))) {
            assertEquals(state, s.deserialize(s.getVersion(), s.serialize(state)));
        }
        assertThrows(IOException.class, () -> s.deserialize(2, s.serialize(new PgCopyEnumeratorState(null, null))));
    }
}
