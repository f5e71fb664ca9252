package io.pgcopy.it.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Spark standalone cluster on this machine: one Master and Workers of one core each, every one a JVM of its own. */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);

    private final SparkHome home;
    private final Path dir;
    private final List<GroupedProcess> processes = new ArrayList<>();
    private String masterUrl;

    private StandaloneCluster(SparkHome home, Path dir) {
        this.home = home;
        this.dir = dir;
    }

    static StandaloneCluster start(SparkHome home, Path dir, int workers) throws Exception {
        StandaloneCluster cluster = new StandaloneCluster(home, dir);
        try {
            cluster.startMaster();
            for (int i = 0; i < workers; i++) cluster.startWorker(i);
            for (GroupedProcess worker : cluster.processes.subList(1, cluster.processes.size())) {
                worker.awaitLog("Successfully registered with master", START);
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void startMaster() throws Exception {
        int port = freePort();
        GroupedProcess master = GroupedProcess.start("Master", home.java("256m", "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0")),
                home.environment(), dir.resolve("master.log"));
        processes.add(master);
        master.awaitLog("I have been elected leader", START);
        masterUrl = "spark://127.0.0.1:" + port;
    }

    private void startWorker(int index) throws IOException {
        Path work = Files.createDirectories(dir.resolve("worker-" + index));
        processes.add(GroupedProcess.start("Worker " + index, home.java("256m", "org.apache.spark.deploy.worker.Worker",
                List.of("--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0",
                        "--work-dir", work.toString(), masterUrl)),
                home.environment(), dir.resolve("worker-" + index + ".log")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The executor JVMs the Workers run now (their command line names this cluster's SPARK_HOME). */
    List<ProcessHandle> executors() {
        String jars = home.dir().resolve("jars").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(c -> c.contains("CoarseGrainedExecutorBackend") && c.contains(jars)).isPresent()).toList();
    }

    String logs() {
        StringBuilder s = new StringBuilder();
        for (GroupedProcess p : processes) s.append(p.logTail()).append('\n');
        return s.toString();
    }

    /** Kills every group: Master, Workers and, with their Workers, the executors. */
    @Override
    public void close() {
        for (GroupedProcess p : processes) p.close();
    }
}
