package io.pgcopy.flink.sink;

import io.pgcopy.sql.TableName;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Recovery says what it did: INFO lines when a starting writer commits or rolls back what earlier runs prepared. */
final class RecoveryLog {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);

    private RecoveryLog() {}

    static void committed(TableName table, long restoredCheckpoint, List<String> gids) {
        if (gids.isEmpty()) return;
        LOG.info("pgcopy: restored from checkpoint {}, committed the prepared transactions {} into {}",
                restoredCheckpoint, gids, table);
    }

    static void rolledBack(TableName table, String which, List<String> gids) {
        if (gids.isEmpty()) return;
        LOG.info("pgcopy: rolled back the prepared transactions {} into {} ({})", gids, table, which);
    }
}
