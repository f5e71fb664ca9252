package io.pgcopy.spark.read;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One split: its COPY statement, and the snapshot to read it in (null: its own).
 */
record PgCopyInputPartition(int index, String copySql, String snapshotId) implements InputPartition {}
