package io.pgcopy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableNameTest {
    @Test
    void unquotedPartsFoldToLowerCase() {
        TableName t = TableName.parse("Public.LineItem");
        assertEquals("public", t.schema());
        assertEquals("lineitem", t.name());
        assertEquals("\"public\".\"lineitem\"", t.quoted());
    }

    @Test
    void quotedPartsAreKeptExactly() {
        TableName t = TableName.parse("\"My Schema\".\"Odd.\"\"Name\"\"\"");
        assertEquals("My Schema", t.schema());
        assertEquals("Odd.\"Name\"", t.name());
        assertEquals("\"My Schema\".\"Odd.\"\"Name\"\"\"", t.quoted());
        assertEquals(t, TableName.parse(t.quoted()));
    }

    @Test
    void unqualifiedNameHasNoSchema() {
        assertNull(TableName.parse("t").schema());
    }

    @Test
    void malformedNamesAreRejected() {
        for (String bad : new String[] {"", "a.b.c", "\"unterminated", "a.", ".a", "\"\"", "a\"b"}) {
            assertThrows(IllegalArgumentException.class, () -> TableName.parse(bad), bad);
        }
    }

    @Test
    void identifiersAndLiteralsAreQuoted() {
        assertEquals("\"a\"\"b\"", Identifiers.quote("a\"b"));
        assertEquals("'it''s'", Identifiers.literal("it's"));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote("a\0b"));
    }
}
