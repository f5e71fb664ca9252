package io.pgcopy.flink.sink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;

/**
 * The exactly-once committables' hand-off to the committer's own task ({@link PgCopySink#addPreCommitTopology}); it
 * registers {@link ClassLoaderRelease}, as the committer (which opens connections too) has no access to the loader.
 */
final class CommitHandOff extends RichMapFunction<CommittableMessage<PgCopyCommittable>,
        CommittableMessage<PgCopyCommittable>> {
    @Override
    public void open(OpenContext context) {
        getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(ClassLoaderRelease.HOOK_NAME,
                ClassLoaderRelease.hook());
    }

    @Override
    public CommittableMessage<PgCopyCommittable> map(CommittableMessage<PgCopyCommittable> message) {
        return message;
    }
}
