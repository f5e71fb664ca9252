package io.pgcopy.cli;

import org.apache.spark.sql.SparkSession;

/** The Spark the commands run on: local unless --master says otherwise, quiet, UTC. */
final class LocalSpark {
    static final String DEFAULT_MASTER = "local[2]";

    private LocalSpark() {}

    static SparkSession start(String master, String name) {
        return SparkSession.builder().master(master).appName("pgcopy " + name)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                // PostgreSQL's time columns are loaded from Spark's TIME type, off by default in Spark 4.1
                .config("spark.sql.timeType.enabled", "true")
                .config("spark.executor.heartbeatInterval", "1s") // live progress
                .getOrCreate();
    }
}
