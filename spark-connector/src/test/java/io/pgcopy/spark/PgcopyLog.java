package io.pgcopy.spark;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What pgcopy logs (INFO and up, through Spark's log4j 2) while it is open, one "LEVEL message" a line. */
final class PgcopyLog implements AutoCloseable {
    private static final String NAME = "pgcopy-log-capture";
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    PgcopyLog() {
        Configuration config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName(NAME).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %m%n").build()).build();
        appender.start();
        LoggerConfig pgcopy = new LoggerConfig("io.pgcopy", Level.INFO, true);
        pgcopy.addAppender(appender, Level.INFO, null);
        config.addLogger("io.pgcopy", pgcopy);
        context.updateLoggers();
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger("io.pgcopy");
        context.updateLoggers();
    }
}
