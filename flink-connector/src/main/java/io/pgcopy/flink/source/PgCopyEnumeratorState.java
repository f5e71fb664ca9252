package io.pgcopy.flink.source;

import java.util.List;

/**
 * What the enumerator checkpoints: the splits not handed out yet (null before they are planned) and
 * the exported snapshot they read.
 */
public record PgCopyEnumeratorState(List<PgCopySplit> unassigned, String snapshotId) {}
