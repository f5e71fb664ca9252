package io.pgcopy.spark.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.TlsServer;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark writes (every commit mode) and reads through TLS with {@code sslmode=require} and
 * {@code verify-full} against a server with a certificate made by the test for DNS:localhost and a
 * pg_hba.conf that rejects unencrypted connections. Every row records, through a column DEFAULT,
 * whether the session that wrote it used TLS and its application_name, so the proof covers the
 * executors' sessions and the driver's job commit, not only a probe connection.
 */
class TlsTest {
    private static final long ROWS = 500;
    /** The writing session's TLS flag and name, as pg_stat_ssl and pg_stat_activity see it. */
    private static final String SESSION_TLS = "CREATE FUNCTION session_tls() RETURNS text LANGUAGE sql AS"
            + " $$ SELECT s.ssl || '/' || a.application_name FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
            + " WHERE pid = pg_backend_pid() $$";
    private static TlsServer tls;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsServer.start();
        tls.server().execute(SESSION_TLS);
        spark = SparkSession.builder().master("local[2]").appName("pgcopy-tls")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (spark != null) spark.stop();
        } finally {
            if (tls != null) tls.close();
        }
    }

    /** sslmode and the URL each mode is used with: verify-full only holds for the name in the certificate. */
    private static List<String[]> tlsModes() {
        return List.of(new String[] {"require", tls.server().url()},
                new String[] {"verify-full", tls.localhostUrl()});
    }

    private static DataFrameWriter<Row> writer(String url, String sslmode, String table) {
        return spark.range(0, ROWS, 1, 2).selectExpr("id").write().format("pgcopy").option("url", url)
                .option("user", "postgres").option("sslmode", sslmode).option("sslrootcert", tls.caFile().toString())
                .option("dbtable", table).mode(SaveMode.Append);
    }

    private static DataFrameReader reader(String url, String sslmode) {
        return spark.read().format("pgcopy").option("url", url).option("user", "postgres").option("sslmode", sslmode)
                .option("sslrootcert", tls.caFile().toString());
    }

    private static String failure(Runnable r) {
        Throwable t = assertThrows(Throwable.class, r::run);
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }

    @Test
    void everyCommitModeAndReadsWorkOverTlsAndEverySessionWasEncrypted() throws Exception {
        for (String[] mode : tlsModes()) {
            String sslmode = mode[0];
            String url = mode[1];
            for (String commit : List.of("task", "job", "prepared")) {
                String table = "tls_" + sslmode.replace('-', '_') + "_" + commit;
                tls.server().execute("CREATE TABLE " + table + " (id bigint, tls text DEFAULT session_tls())");
                writer(url, sslmode, table).option("commit", commit).save();
                String where = sslmode + " commit=" + commit;
                assertEquals(ROWS, tls.server().queryLong("SELECT count(*) FROM " + table), where);
                assertEquals(0, tls.server().queryLong("SELECT count(*) FROM " + table
                        + " WHERE tls IS DISTINCT FROM 'true/pgcopy'"), where + ": a row written by a session without TLS");
                // ctid splits, then a column split with a consistent snapshot
                assertEquals(ROWS, reader(url, sslmode).option("dbtable", table).option("numPartitions", "2").load()
                        .count(), where);
                assertEquals(ROWS, reader(url, sslmode).option("dbtable", table).option("partitionColumn", "id")
                        .option("numPartitions", "2").option("snapshot", "consistent").load().count(), where);
            }
            // the reading sessions (executors) report themselves
            List<Row> sessions = reader(url, sslmode).option("query", "SELECT session_tls() AS tls, s.version"
                    + " FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()").load().collectAsList();
            assertEquals(1, sessions.size());
            assertEquals("true/pgcopy", sessions.get(0).getString(0), sslmode);
            assertTrue(sessions.get(0).getString(1).startsWith("TLSv1."), sessions.get(0).getString(1));
        }
    }

    @Test
    void verifyFullFailsForANameTheCertificateDoesNotCarryOrAnUntrustedCa() throws Exception {
        tls.server().execute("CREATE TABLE verified (id bigint, tls text DEFAULT session_tls())");
        // 127.0.0.1 is the server, but the certificate names only DNS:localhost
        String wrongName = "TLS: the server's certificate does not carry the host name of " + tls.server().url()
                + "; sslmode=verify-full accepts only a name in the certificate (its subjectAltName): connect by that"
                + " name, or use sslmode=verify-ca, which checks the certificate but not the name (The hostname"
                + " 127.0.0.1 could not be verified";
        String message = failure(() -> writer(tls.server().url(), "verify-full", "verified").save());
        assertTrue(message.contains(wrongName), message + "\ncertificate: "
                + tls.certificates().describeServerCertificate());
        message = failure(() -> reader(tls.server().url(), "verify-full").option("dbtable", "verified").load().count());
        assertTrue(message.contains(wrongName), message);
        message = failure(() -> writer(tls.localhostUrl(), "verify-full", "verified")
                .option("sslrootcert", tls.otherCaFile().toString()).save());
        assertTrue(message.contains("TLS: the server's certificate is not signed by a CA in sslrootcert")
                && message.contains("PKIX path"), message);
        // verify-ca checks the chain but not the name
        writer(tls.server().url(), "verify-ca", "verified").option("commit", "task").save();
        assertEquals(ROWS, tls.server().queryLong("SELECT count(*) FROM verified"));
    }

    @Test
    void aConnectionWithoutTlsIsRefused() throws Exception {
        tls.server().execute("CREATE TABLE plain (id bigint)");
        String message = failure(() -> writer(tls.server().url(), "disable", "plain").save());
        assertTrue(message.contains("the server accepts connections from here only over TLS (hostssl in pg_hba.conf):"
                + " set sslmode=require, or verify-full with sslrootcert (FATAL: pg_hba.conf rejects connection"), message);
        assertTrue(message.contains("no encryption"), message);
        message = failure(() -> reader(tls.server().url(), "disable").option("dbtable", "plain").load().count());
        assertTrue(message.contains("pg_hba.conf rejects connection") && message.contains("no encryption"), message);
        assertEquals(0, tls.server().queryLong("SELECT count(*) FROM plain"));
    }
}
