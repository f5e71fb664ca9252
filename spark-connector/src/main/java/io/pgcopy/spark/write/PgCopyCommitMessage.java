package io.pgcopy.spark.write;

import io.pgcopy.protocol.TaskResult;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** A task attempt's result, carried to the driver. */
record PgCopyCommitMessage(TaskResult result) implements WriterCommitMessage {}
