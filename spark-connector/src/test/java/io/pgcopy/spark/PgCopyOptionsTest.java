package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("compat")
class PgCopyOptionsTest {
    private final PgCopyOptions options = new PgCopyOptions(Map.of("URL", "jdbc:postgresql://h/db?password=pw1",
            "dbTable", "Sales.\"Orders\"", "User", "me", "PASSWORD", "pw2", "sslmode", "require", "numpartitions", "4"));

    @Test
    void keysAreCaseInsensitive() {
        assertEquals(4, options.getInt(PgCopyOptions.NUM_PARTITIONS, 1));
        assertEquals("sales", options.table().orElseThrow().schema());
        assertEquals("Orders", options.table().orElseThrow().name());
    }

    @Test
    void unknownOptionsGoToPgjdbcAndSecretsNeverShow() {
        String shown = options.connection().toString() + options;
        assertTrue(shown.contains("sslmode=require"), shown);
        assertTrue(shown.contains("user=me"), shown);
        assertFalse(shown.contains("pw1") || shown.contains("pw2"), shown);
        assertFalse(options.connection().toString().contains("numpartitions"));
    }

    @Test
    void badValuesAreExplained() {
        PgCopyOptions bad = new PgCopyOptions(Map.of("url", "jdbc:postgresql://h/db", "numPartitions", "many"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bad.getInt(PgCopyOptions.NUM_PARTITIONS, 1));
        assertTrue(e.getMessage().contains("numPartitions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PgCopyOptions(Map.of("dbtable", "t")));
    }
}
