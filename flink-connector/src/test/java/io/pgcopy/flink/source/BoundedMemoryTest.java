package io.pgcopy.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read streams: about 600 MB of COPY data (1 KB a row; PostgreSQL stores it compressed, so the
 * table is cheap to make) goes through a MiniCluster in a JVM with a 64 MB heap. A reader that held
 * a split, or a buffer growing with it, runs out of memory.
 */
@ExtendWith(PostgresExtension.class)
class BoundedMemoryTest {
    static final int ROWS = 600_000;
    static final String HEAP = "-Xmx64m";

    @Test
    void aTableTenTimesTheHeapStreamsThrough(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE wide (id int, pad text)",
                "INSERT INTO wide SELECT g, repeat(md5(g::text), 31) FROM generate_series(1, " + ROWS + ") g");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, HEAP, "-XX:MaxDirectMemorySize=256m", "-cp",
                System.getProperty("java.class.path"), ReadAll.class.getName(), db.url(), "wide")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text.length() > 4000 ? text.substring(text.length() - 4000) : text);
        assertEquals(List.of("read " + ROWS + " rows"), text.lines().filter(l -> l.startsWith("read ")).toList(), text);
    }

    /** Reads a table into a discarding sink on a one-slot MiniCluster and prints how many rows it read. */
    public static final class ReadAll {
        static final AtomicLong ROWS_READ = new AtomicLong();

        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            PgCopySource<RowData> source = PgCopySource.builder().url(args[0]).table(args[1]).numPartitions(2).build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), args[1]).map(r -> {
                ROWS_READ.incrementAndGet();
                return r.getInt(0);
            }).sinkTo(new DiscardingSink<>());
            env.execute("read " + args[1]);
            System.out.println("read " + ROWS_READ.get() + " rows");
        }
    }
}
