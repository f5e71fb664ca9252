package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** The built-in converters for Flink's Row and for POJOs, in real jobs (parallelism 2). */
@Tag("compat")
@ExtendWith(PostgresExtension.class)
class ConvertersSinkTest {
    private static final int ROWS = 5_000;

    public enum Status { OPEN, SHIPPED }

    /** A POJO with public fields and a getter, of every type the converter maps. */
    public static class Order {
        public long id;
        public Integer qty;
        public String note;
        public BigDecimal price;
        public LocalDate day;
        public LocalTime at;
        public LocalDateTime local;
        public Instant stamp;
        public byte[] raw;
        public UUID ref;
        public Status status;
        public boolean paid;
        private double weight;

        public Order() {}

        Order(long id) {
            this.id = id;
            this.qty = id % 10 == 0 ? null : (int) id;
            this.note = id % 7 == 0 ? null : "note \"" + id + "\"\n;";
            this.price = BigDecimal.valueOf(id * 125, 2);
            this.day = LocalDate.of(2024, 1, 1).plusDays(id % 400);
            this.at = LocalTime.of(12, 30, 15, 123_000_000);
            this.local = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000);
            this.stamp = Instant.parse("2024-03-01T10:15:30.654321Z").plusSeconds(id);
            this.raw = new byte[] {0, (byte) id, (byte) 0xff};
            this.ref = new UUID(id, -id);
            this.status = id % 2 == 0 ? Status.OPEN : Status.SHIPPED;
            this.paid = id % 3 == 0;
            this.weight = id / 4.0;
        }

        public double getWeight() {
            return weight;
        }
    }

    private static final String ORDERS = "CREATE TABLE %s (id bigint PRIMARY KEY, qty int, note text, price numeric(12,2),"
            + " day date, at time, local timestamp, stamp timestamptz, raw bytea, ref uuid, status status, paid boolean,"
            + " weight double precision)";

    @Test
    void pojosArriveWithEveryMappedType(TestDatabase db) throws Exception {
        db.execute("CREATE TYPE status AS ENUM ('OPEN', 'SHIPPED')", String.format(ORDERS, "orders"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, ROWS).map(Order::new).returns(TypeInformation.of(Order.class))
                .sinkTo(PgCopySink.<Order>builder().url(db.url()).table("orders")
                        .rowConverter(RowConverter.pojo(Order.class)).build());
        env.execute("pojo sink");

        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM orders"));
        assertEquals(List.of(List.of("70", "", "", "87.50", "2024-03-11", "12:30:15.123", "2024-02-29 23:59:59.123456",
                "2024-03-01 10:16:40.654321", "\\x0046ff", "00000000-0000-0046-ffff-ffffffffffba", "OPEN", "f",
                "17.5")), db.queryText("SELECT id, coalesce(qty::text, ''), coalesce(note, ''),"
                + " price, day, at, local, stamp AT TIME ZONE 'UTC', raw, ref, status, paid, weight FROM orders WHERE id = 70"));
        assertEquals("note \"71\"\n;", db.queryString("SELECT note FROM orders WHERE id = 71"));
    }

    @Test
    void rowsArriveThroughFlinksOwnConversions(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint, name text, amount numeric(10,3), at timestamptz, tags text[])");
        DataType type = DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()), DataTypes.FIELD("name", DataTypes.STRING()),
                DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 3)), DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(6)),
                DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, ROWS).map(id -> Row.of(id, "e" + id, new BigDecimal(id + ".125"),
                        Instant.ofEpochSecond(1_700_000_000L + id, 5_000), new String[] {"a", id % 2 == 0 ? null : "b"}))
                .returns(new RowTypeInfo(Types.LONG, Types.STRING, Types.BIG_DEC, Types.INSTANT,
                        Types.OBJECT_ARRAY(Types.STRING)))
                .sinkTo(PgCopySink.<Row>builder().url(db.url()).table("events").rowConverter(RowConverter.row(type)).build());
        env.execute("row sink");

        assertEquals(ROWS + "/" + ROWS, db.queryString("SELECT count(*) || '/' || count(DISTINCT id) FROM events"));
        assertEquals(List.of(List.of("e8", "8.125", "2023-11-14 22:13:28.000005", "{a,NULL}")),
                db.queryText("SELECT name, amount, at AT TIME ZONE 'UTC', tags FROM events WHERE id = 8"));
    }

    @Test
    void pojoFieldsTheConverterCannotWriteAreRefusedUpFront() {
        class Holder {
            public List<String> items;
        }
        Exception e = assertThrows(IllegalArgumentException.class, () -> RowConverter.pojo(Holder.class));
        assertTrue(e.getMessage().contains("items") && e.getMessage().contains("java.util.List"), e.getMessage());
        Order tooPrecise = new Order(1);
        tooPrecise.price = new BigDecimal("0.1234567890123456789");
        Exception value = assertThrows(IllegalArgumentException.class,
                () -> RowConverter.pojo(Order.class).toRowData(tooPrecise));
        assertTrue(value.getMessage().contains("price") && value.getMessage().contains("0.1234567890123456789"),
                value.getMessage());
    }
}
