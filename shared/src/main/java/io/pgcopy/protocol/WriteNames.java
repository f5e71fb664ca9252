package io.pgcopy.protocol;

import io.pgcopy.sql.TableName;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of what a write leaves on the server — staging tables, prepared transactions — all
 * derived from the job id, so that the job commit, an abort or a later cleanup finds them by prefix.
 */
public final class WriteNames {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteNames() {}

    /** 16 hex digits: unique enough across concurrent jobs, short enough for 63-byte identifiers. */
    public static String newJobId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code pgcopy_<job>_} : the prefix of every stage table and gid of the job. */
    public static String prefix(String jobId) {
        if (!jobId.matches("[0-9a-z]{1,32}")) throw new IllegalArgumentException("bad job id: " + jobId);
        return "pgcopy_" + jobId + "_";
    }

    /** The staging table of one task attempt, in the target's schema. */
    public static TableName stage(TableName target, String jobId, int partition, long attempt) {
        return new TableName(target.schema(), prefix(jobId) + partition + "_" + attempt);
    }

    /** The global transaction id of one task attempt's prepared transaction. */
    public static String gid(String jobId, int partition, long attempt) {
        return prefix(jobId) + partition + "_" + attempt;
    }
}
