package io.pgcopy.flink.sink.fault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.RowConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * A DataStream job whose sink got a password (through the builder and inside the URL): the
 * password shows in none of the job's printable forms — the sink's toString, the execution plan, the StreamGraph and
 * JobGraph, their vertices' names and descriptions, the job's and each vertex's configuration. It
 * is only inside the serialized sink that the task managers need to connect, as with any Flink
 * connector's credentials. (SQL's plan: SqlSinkTest.) The graph is built, not run: no server needed.
 */
class CredentialsInJobGraphTest {
    private static final String PASSWORD = "hunter2-builder";
    private static final String URL_PASSWORD = "hunter2-in-url";

    @Test
    void thePasswordIsInNoPlanGraphNameOrConfiguration() throws Exception {
        StreamExecutionEnvironment env = FaultJobs.environment(1, java.time.Duration.ofMillis(100));
        PgCopySink<RowData> sink = PgCopySink.<RowData>builder()
                .url("jdbc:postgresql://db.invalid:5432/shop?user=u&password=" + URL_PASSWORD)
                .table("orders").username("writer").password(PASSWORD)
                .rowConverter(RowConverter.rowData(FaultJobs.EVENT))
                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
        env.fromData(List.of(FaultJobs.event(1)), InternalTypeInfo.of(FaultJobs.EVENT)).sinkTo(sink);
        List<String> printed = new ArrayList<>();
        // what logs and error messages show of the sink
        printed.add(sink.toString());
        printed.add(env.getExecutionPlan());
        StreamGraph streamGraph = env.getStreamGraph(false);
        printed.add(streamGraph.toString());
        printed.add(streamGraph.getStreamingPlanAsJSON());
        JobGraph jobGraph = streamGraph.getJobGraph();
        printed.add(jobGraph.toString());
        printed.add(jobGraph.getJobConfiguration().toMap().toString());
        for (JobVertex v : jobGraph.getVertices()) {
            printed.add(v + " " + v.getName() + " " + v.getOperatorPrettyName() + " " + v.getOperatorDescription());
            printed.add(v.getConfiguration().toMap().toString());
        }
        for (String text : printed) {
            assertFalse(text.contains(PASSWORD) || text.contains(URL_PASSWORD), text);
        }
        // a control that the search would see it: the serialized job graph carries the sink itself
        String serialized = new String(InstantiationUtil.serializeObject(jobGraph), StandardCharsets.ISO_8859_1);
        assertTrue(serialized.contains(PASSWORD), "the serialized sink holds the password the writers connect with");
    }
}
