package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.TlsServer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sink jobs through TLS, with {@code sslmode} given as a connection property of the builder (or in
 * the URL, for Flink SQL), into a
 * server whose pg_hba.conf rejects unencrypted connections; each row records through a column
 * DEFAULT that the session writing it (writer or committer) used TLS and was named pgcopy.
 */
class SinkTlsTest {
    private static final long ROWS = 2_000;
    private static TlsServer tls;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsServer.start();
        tls.server().execute("CREATE FUNCTION session_tls() RETURNS text LANGUAGE sql AS $$ SELECT s.ssl || '/' ||"
                + " a.application_name FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                + " WHERE pid = pg_backend_pid() $$");
    }

    @AfterAll
    static void stop() throws Exception {
        if (tls != null) tls.close();
    }

    private static void run(String url, String sslmode, String table, DeliveryGuarantee guarantee) throws Exception {
        StreamExecutionEnvironment env = FlinkJobs.environment(200, false);
        FlinkJobs.events(env, ROWS).sinkTo(PgCopySink.<RowData>builder().url(url).username("postgres").table(table)
                .property("sslmode", sslmode).property("sslrootcert", tls.caFile().toString())
                .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).deliveryGuarantee(guarantee).build());
        env.execute("pgcopy sink over TLS");
    }

    private static void assertAllRowsWrittenOverTls(String table) throws Exception {
        assertEquals(ROWS, tls.server().queryLong("SELECT count(DISTINCT id) FROM " + table));
        assertEquals(0, tls.server().queryLong("SELECT count(*) FROM " + table
                + " WHERE tls IS DISTINCT FROM 'true/pgcopy'"), "rows written by a session without TLS");
    }

    @Test
    void atLeastOnceWithVerifyFullAndExactlyOnceWithRequire() throws Exception {
        tls.server().execute("CREATE TABLE alo (id bigint, payload text, tls text DEFAULT session_tls())",
                "CREATE TABLE eo (id bigint, payload text, tls text DEFAULT session_tls())");
        run(tls.localhostUrl(), "verify-full", "alo", DeliveryGuarantee.AT_LEAST_ONCE);
        assertAllRowsWrittenOverTls("alo");
        run(tls.server().url(), "require", "eo", DeliveryGuarantee.EXACTLY_ONCE);
        assertAllRowsWrittenOverTls("eo");
        assertEquals(0, tls.server().queryLong("SELECT count(*) FROM pg_prepared_xacts"));
    }

    @Test
    void flinkSqlTakesTheTlsSettingsInTheUrl() throws Exception {
        tls.server().execute("CREATE TABLE upserted (id bigint PRIMARY KEY, payload text, tls text DEFAULT session_tls())");
        String url = tls.localhostUrl() + "?sslmode=verify-full&sslrootcert=" + tls.caFile();
        TableEnvironment t = FlinkJobs.sql(StreamTableEnvironment.create(FlinkJobs.environment(150, false)));
        t.executeSql("CREATE TABLE upserted (id BIGINT, payload STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'pgcopy', 'url' = '" + url + "', 'table-name' = 'upserted', 'username' = 'postgres',"
                + " 'sink.delivery-guarantee' = 'exactly-once')");
        t.executeSql("INSERT INTO upserted VALUES (1, 'a'), (2, 'b'), (3, 'c')").await();
        assertEquals(0, tls.server().queryLong("SELECT count(*) FROM upserted WHERE tls IS DISTINCT FROM 'true/pgcopy'"));
        assertEquals(3, tls.server().queryLong("SELECT count(*) FROM upserted"));
    }

    @Test
    void verifyFullByAnAddressTheCertificateDoesNotNameAndAPlainConnectionFail() throws Exception {
        tls.server().execute("CREATE TABLE refused (id bigint, payload text)");
        Throwable t = assertThrows(Exception.class,
                () -> run(tls.server().url(), "verify-full", "refused", DeliveryGuarantee.AT_LEAST_ONCE));
        String message = messages(t);
        assertTrue(message.contains("TLS: the server's certificate does not carry the host name of "
                + tls.server().url()) && message.contains("127.0.0.1 could not be verified"), message);
        t = assertThrows(Exception.class, () -> run(tls.server().url(), "disable", "refused",
                DeliveryGuarantee.AT_LEAST_ONCE));
        message = messages(t);
        assertTrue(message.contains("the server accepts connections from here only over TLS")
                && message.contains("no encryption"), message);
        assertEquals(0, tls.server().queryLong("SELECT count(*) FROM refused"));
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }
}
