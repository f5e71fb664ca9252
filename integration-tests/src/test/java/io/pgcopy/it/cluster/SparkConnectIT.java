package io.pgcopy.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgcopy.testing.PostgresExtension;
import io.pgcopy.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pgcopy through Spark Connect 4.2: the server is started by spark-submit with the runtime jar (its only pgcopy and
 * pgjdbc); the client is a JVM holding the Spark Connect client alone — no pgcopy, no pgjdbc, no Spark server side —
 * that writes and reads with format("pgcopy") and options only.
 */
@ExtendWith(PostgresExtension.class)
class SparkConnectIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final String CLIENT = """
            import org.apache.spark.sql.Row;
            import org.apache.spark.sql.SparkSession;

            public class ConnectClient {
                public static void main(String[] args) throws Exception {
                    SparkSession spark = SparkSession.builder().remote("sc://127.0.0.1:" + args[0]).getOrCreate();
                    String url = System.getenv("PGCOPY_URL");
                    spark.range(0, Long.parseLong(args[1]), 1, 3).selectExpr("id", "concat('row ', id) AS name")
                            .write().format("pgcopy").option("url", url).option("dbtable", "connect_rows")
                            .mode("append").save();
                    Row r = spark.read().format("pgcopy").option("url", url).option("dbtable", "connect_rows")
                            .option("partitionColumn", "id").option("numPartitions", "3").load()
                            .selectExpr("count(*)", "sum(id)", "sum(crc32(name))").first();
                    System.out.println("READ " + r.get(0) + " " + r.get(1) + " " + r.get(2) + " THROUGH "
                            + spark.getClass().getName());
                    spark.close();
                }
            }
            """;

    @Test
    void aConnectClientWritesAndReadsThroughAServerStartedWithTheRuntimeJar(TestDatabase db) throws Exception {
        long n = 10_000;
        db.execute("DROP TABLE IF EXISTS connect_rows", "CREATE TABLE connect_rows (id int8 NOT NULL, name text NOT NULL)");
        Path dir = Files.createDirectories(Path.of("target", "cluster-it", "connect").toAbsolutePath());
        SparkHome home = SparkHome.inTarget(ClusterLine.NEWEST);
        int port = StandaloneCluster.freePort();
        try (GroupedProcess server = SparkSubmit.start(home, "connect-server", dir.resolve("connect-server.log"),
                "local[2]",
                List.of("spark.connect.grpc.binding.address=127.0.0.1", "spark.connect.grpc.binding.port=" + port),
                "org.apache.spark.sql.connect.service.SparkConnectServer", "spark-internal", List.of(), Map.of())) {
            server.awaitLog("Spark Connect server started", START);
            try (GroupedProcess client = startClient(dir, port, n, db.url())) {
                assertEquals(0, client.exitCode(START), "the client failed\n" + client.logTail() + "\n" + server.logTail());
                StandaloneClusterCases.assertExactRows(db, "connect_rows", n);
                assertTrue(client.log().contains("READ " + n + " " + StandaloneClusterCases.idSum(n) + " "
                        + StandaloneClusterCases.crcSum(n) + " THROUGH org.apache.spark.sql.connect."),
                        "the client read other rows, or not through Spark Connect\n" + client.logTail());
                assertFalse(client.log().contains("Failed to release session") || server.log().contains("NoClassDefFoundError"),
                        "the server misses a class of Spark's\n" + client.logTail() + "\n" + server.logTail());
            }
        }
    }

    /** {@code java -cp <Connect client jars> ConnectClient.java <port> <rows>}: the client as source (JEP 330). */
    private static GroupedProcess startClient(Path dir, int port, long n, String url) throws IOException {
        String classpath = Files.readString(Path.of(SparkHome.property("pgcopy.cluster.connectClientClasspath"))).trim();
        for (String jar : classpath.split(File.pathSeparator)) {
            String name = Path.of(jar).getFileName().toString();
            assertFalse(name.contains("postgresql") || name.contains("pgcopy"), "the client needs no " + name);
        }
        Path source = Files.writeString(dir.resolve("ConnectClient.java"), CLIENT);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SparkHome.jvmOptions());
        command.addAll(List.of("-cp", classpath, source.toString(), Integer.toString(port), Long.toString(n)));
        return GroupedProcess.start("Connect client", command, Map.of("PGCOPY_URL", url), dir.resolve("connect-client.log"));
    }
}
