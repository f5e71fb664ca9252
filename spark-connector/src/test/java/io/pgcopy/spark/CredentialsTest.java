package io.pgcopy.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The password given to pgcopy appears nowhere: not in the logs (Spark's and pgcopy's, captured
 * at INFO, pgcopy at DEBUG), exception messages and stack traces, explain() or the SQL plan's
 * metrics — for successful and failed writes and reads.
 */
@ExtendWith(PostgresExtension.class)
class CredentialsTest {
    private static final String PASSWORD = "Pw-7f3e9c-never-shown";

    @Test
    void thePasswordNeverShows(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id bigint, name varchar(6))");
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("password-watch").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%m %ex%n").build()).build();
        appender.start();
        LoggerConfig root = config.getRootLogger();
        Level rootLevel = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        LoggerConfig pgcopy = new LoggerConfig("io.pgcopy", Level.DEBUG, true);
        config.addLogger("io.pgcopy", pgcopy);
        context.updateLoggers();

        SparkSession spark = SparkSession.builder().master("local[2]").appName("pgcopy-credentials")
                .config("spark.ui.enabled", "false").getOrCreate();
        StringBuilder seen = new StringBuilder();
        try {
            Dataset<Row> ok = spark.range(0, 100, 1, 2).selectExpr("id", "concat('n', id) AS name");
            ok.write().format("pgcopy").option("url", db.url()).option("dbtable", "t").option("user", "postgres")
                    .option("password", PASSWORD).mode(SaveMode.Append).save();
            Dataset<Row> read = spark.read().format("pgcopy").option("url", db.url()).option("dbtable", "t")
                    .option("user", "postgres").option("password", PASSWORD).load().filter("id > 5");
            read.count();
            seen.append(read.queryExecution().toString()).append(read.queryExecution().executedPlan().toJSON());
            seen.append(spark.sparkContext().getConf().toDebugString());

            Dataset<Row> bad = spark.range(0, 10, 1, 1).selectExpr("id", "'much too long' AS name");
            seen.append(stackTrace(assertThrows(Exception.class, () -> bad.write().format("pgcopy")
                    .option("url", db.url() + (db.url().contains("?") ? "&" : "?") + "password=" + PASSWORD)
                    .option("dbtable", "t").mode(SaveMode.Append).save())));
            seen.append(stackTrace(assertThrows(Exception.class, () -> spark.read().format("pgcopy")
                    .option("url", db.url()).option("dbtable", "missing").option("password", PASSWORD).load().count())));
            seen.append(stackTrace(assertThrows(Exception.class, () -> spark.read().format("pgcopy")
                    .option("url", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2").option("dbtable", "t")
                    .option("password", PASSWORD).load().count())));
        } finally {
            spark.stop();
            root.removeAppender("password-watch");
            root.setLevel(rootLevel);
            config.removeLogger("io.pgcopy");
            context.updateLoggers();
        }
        seen.append(logs);
        assertTrue(seen.toString().contains("much too long"), "the failures were captured");
        assertTrue(logs.toString().length() > 1000, "the logs were captured");
        assertFalse(seen.toString().contains(PASSWORD), "the password shows up in:\n" + around(seen.toString()));
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String around(String text) {
        int at = text.indexOf(PASSWORD);
        return at < 0 ? "" : text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100));
    }
}
