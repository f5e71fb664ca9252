package pgcopyjob;

import io.pgcopy.flink.sink.PgCopySink;
import io.pgcopy.flink.sink.PgCopySinkBuilder;
import io.pgcopy.flink.sink.RowConverter;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A user's job: writes ids 1..count into a table through pgcopy's sink, checkpointing every 500 ms; the source is
 * checkpointed, so a restored job goes on where its checkpoint was. Runs {@code jobs} such jobs one after another.
 * Arguments: url table count idsPerSecond EXACTLY_ONCE|AT_LEAST_ONCE sinkId jobs [upsert (on the key id)]
 */
public final class IdsToPostgres {
    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[2]);
        double perSecond = Double.parseDouble(args[3]);
        int jobs = Integer.parseInt(args[6]);
        for (int job = 1; job <= jobs; job++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(500);
            env.setParallelism(1);
            DataGeneratorSource<Long> ids = new DataGeneratorSource<>(i -> i + 1, count,
                    RateLimiterStrategy.perSecond(perSecond), Types.LONG);
            PgCopySinkBuilder<Long> sink = PgCopySink.<Long>builder().url(args[0]).table(args[1])
                    .rowConverter(new IdRow()).deliveryGuarantee(DeliveryGuarantee.valueOf(args[4])).sinkId(args[5]);
            if (args.length > 7 && args[7].equals("upsert")) sink.upsertKey(List.of("id"));
            env.fromSource(ids, WatermarkStrategy.noWatermarks(), "ids").sinkTo(sink.build());
            env.execute("ids into " + args[1] + " (" + job + " of " + jobs + ")");
        }
    }

    static final class IdRow implements RowConverter<Long> {
        @Override
        public RowType rowType() {
            return new RowType(List.of(new RowType.RowField("id", new BigIntType(false))));
        }

        @Override
        public RowData toRowData(Long id) {
            return GenericRowData.of(id);
        }
    }
}
