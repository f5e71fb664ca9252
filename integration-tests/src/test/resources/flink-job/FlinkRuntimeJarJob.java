import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.RowConverter;
import java.time.LocalTime;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * A user's Flink job, compiled and run by integration-tests' FlinkJobProcess on nothing but one Flink's jars and a
 * pgcopy runtime jar. Each argument is a path through pgcopy to take and the PostgreSQL table it writes, e.g.
 * "sql:sql_rows" (INSERT INTO a 'connector'='pgcopy' table) or "datastream:stream_rows" (a PgCopySink, exactly-once),
 * all in this JVM one after the other. For each it prints "<path> DONE", or "<path> REFUSED at <stage>:"
 * with the chain of exception messages, where the stage is "plan" (executeSql of the INSERT: planned and submitted)
 * or "build" (the sink's build()), both before any job runs, or "run".
 */
public class FlinkRuntimeJarJob {
    static final int ROWS = 200;
    static String stage;

    public static void main(String[] args) throws Exception {
        String url = System.getenv("PGCOPY_URL");
        System.out.println("FLINK " + EnvironmentInformation.getVersion());
        boolean allDone = true;
        for (String arg : args) {
            String path = arg.substring(0, arg.indexOf(':'));
            String table = arg.substring(arg.indexOf(':') + 1);
            stage = "setup";
            try {
                if (path.equals("sql")) sql(url, table); else dataStream(url, table);
                System.out.println(path + " DONE");
            } catch (Exception | LinkageError e) {
                allDone = false;
                StringBuilder chain = new StringBuilder(e.toString());
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) chain.append(" <- ").append(c);
                System.out.println(path + " REFUSED at " + stage + ": " + chain.toString().replace('\n', ' '));
                e.printStackTrace(System.out);
            }
        }
        System.exit(allDone ? 0 : 1);
    }

    static void sql(String url, String table) throws Exception {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.executeSql("CREATE TABLE pg (id BIGINT, name STRING, clock TIME(0)) WITH ('connector' = 'pgcopy', 'url' = '"
                + url.replace("'", "''") + "', 'table-name' = '" + table + "')");
        StringBuilder values = new StringBuilder();
        for (int id = 1; id <= ROWS; id++) {
            values.append(id == 1 ? "" : ", ").append("(CAST(").append(id).append(" AS BIGINT), 'row ").append(id)
                    .append("', TIME '").append(time(id)).append("')");
        }
        stage = "plan";
        var result = t.executeSql("INSERT INTO pg SELECT * FROM (VALUES " + values + ") AS v(id, name, clock)");
        stage = "run";
        result.await();
    }

    static void dataStream(String url, String table) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        stage = "build";
        PgCopySink<Item> sink = PgCopySink.<Item>builder().url(url).table(table)
                .rowConverter(RowConverter.pojo(Item.class)).deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
        stage = "run";
        env.fromSequence(1, ROWS).map(Item::new).returns(TypeInformation.of(Item.class)).sinkTo(sink);
        env.execute("pgcopy runtime jar");
    }

    static String time(long id) {
        return LocalTime.of((int) (id % 24), (int) (id % 60)).toString() + ":00";
    }

    /** A row of the DataStream job: its public fields are the table's columns. */
    public static class Item {
        public long id;
        public String name;
        public LocalTime clock;

        public Item() {}

        Item(long id) {
            this.id = id;
            this.name = "row " + id;
            this.clock = LocalTime.parse(time(id));
        }
    }
}
