package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("compat")
class SerializersTest {
    @Test
    void committablesAndWriterStatesRoundTripAndRejectUnknownVersions() throws IOException {
        var committables = new PgCopyCommittable.Serializer();
        PgCopyCommittable c = new PgCopyCommittable("pgcopy_f_orders_1_", 42);
        assertEquals(c, committables.deserialize(committables.getVersion(), committables.serialize(c)));
        assertThrows(IOException.class, () -> committables.deserialize(99, committables.serialize(c)));
        var states = new PgCopyWriterState.Serializer();
        PgCopyWriterState s = new PgCopyWriterState("pgcopy_f_ünïcode_0_");
        assertEquals(s, states.deserialize(states.getVersion(), states.serialize(s)));
        assertThrows(IOException.class, () -> states.deserialize(2, states.serialize(s)));
    }
}
