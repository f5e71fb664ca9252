package io.pgcopy.it.flink;

import io.pgcopy.packaging.FlinkJars;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Flink standalone session cluster of real processes — a JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and TaskManagers ({@code TaskManagerRunner}) — started from one Flink line's jars from Maven Central (its
 * flink-lines module's {@code flink.classpath}: Flink 1.20 or 2.3) as a FLINK_HOME-like directory with
 * {@code conf/config.yaml} and {@code lib/}. No high availability: a killed JobManager takes its jobs with it.
 * Jobs go in as {@code flink run} does ({@code CliFrontend}); their state comes from the REST API.
 */
final class FlinkSessionCluster implements AutoCloseable {
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final FlinkJars flink;
    private final Path home;
    private final String classpath;
    private final int restPort;
    private final List<ClusterProcess> taskManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ClusterProcess jobManager;
    private Path cliLog;
    private int started;

    private FlinkSessionCluster(FlinkJars flink, Path home, String classpath, int restPort) {
        this.flink = flink;
        this.home = home;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /** A cluster of {@code flink}, one TaskManager; {@code lib} (e.g. a pgcopy runtime jar) joins its jars in lib/. */
    static FlinkSessionCluster start(FlinkJars flink, Path home, List<Path> lib) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("log"));
        StringBuilder classpath = new StringBuilder(flinkClasspath(flink));
        for (Path jar : lib) {
            Path copy = Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
            classpath.append(File.pathSeparator).append(copy);
        }
        int restPort = freePort();
        Files.writeString(home.resolve("conf/config.yaml"), config(home, restPort));
        FlinkSessionCluster cluster = new FlinkSessionCluster(flink, home, classpath.toString(), restPort);
        try {
            cluster.startJobManager();
            cluster.startTaskManager();
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Flink and what it needs, as its distribution's lib/ holds it (no pgcopy, pgjdbc or other connector). */
    static String flinkClasspath(FlinkJars flink) {
        return flink.jars().stream().map(Path::toString).filter(jar -> !jar.contains("flink-connector-jdbc"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String config(Path home, int restPort) throws IOException {
        return String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 640m",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "blob.server.port: " + freePort(),
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: 2",
                // what flink's taskmanager.sh would work out from a process size, as TaskManagerRunner needs it
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 64m",
                "taskmanager.memory.task.heap.size: 200m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.managed.size: 16m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "taskmanager.memory.network.min: 32m",
                "taskmanager.memory.network.max: 32m",
                // a killed TaskManager is noticed within seconds, not the default 50
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 5000",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 30",
                "restart-strategy.fixed-delay.delay: 1 s",
                "io.tmp.dirs: " + Files.createDirectories(home.resolve("tmp"))) + "\n";
    }

    private void startJobManager() throws Exception {
        jobManager = ClusterProcess.start(List.of("-Xmx384m"), classpath,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", conf().toString()), log("jobmanager"), conf());
        awaitOrFail(() -> get("/config") != null, 60, "the JobManager's REST API did not come up", jobManager);
        // the REST port is the one of conf/config.yaml, so the file was read; this is the line meant
        String version = field(get("/config"), "\"flink-version\":\"([^\"]+)\"");
        if (!flink.version().equals(version)) {
            throw new AssertionError("the JobManager runs Flink " + version + ", not " + flink.version());
        }
    }

    /** Starts a TaskManager and waits until it has registered at the JobManager's resource manager. */
    void startTaskManager() throws Exception {
        ClusterProcess tm = ClusterProcess.start(List.of("-Xmx400m", "-XX:MaxMetaspaceSize=256m"), classpath,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("--configDir", conf().toString()), log("taskmanager"), conf());
        taskManagers.add(tm);
        awaitOrFail(() -> tm.logContains("Successful registration at resource manager"), 60,
                "the TaskManager did not register", tm);
    }

    /** The one TaskManager still running (SIGKILLed ones excluded). */
    ClusterProcess taskManager() {
        return taskManagers.stream().filter(ClusterProcess::isAlive).reduce((a, b) -> b).orElseThrow();
    }

    ClusterProcess jobManager() {
        return jobManager;
    }

    /** {@code flink run -d}: submits the job and returns its id without waiting for it. */
    String submit(Path jobJar, String mainClass, List<String> args) throws Exception {
        ClusterProcess cli = runCli(jobJar, mainClass, args, true);
        if (!cli.waitFor(120) || cli.exitValue() != 0) {
            throw new AssertionError("flink run -d failed:\n" + cli.logTail());
        }
        Matcher m = JOB_ID.matcher(Files.readString(cliLog));
        if (!m.find()) throw new AssertionError("no job id in flink run's output:\n" + cli.logTail());
        return m.group(1);
    }

    /** {@code flink run}: runs the job's main, which waits for each job it executes, to its end. */
    void run(Path jobJar, String mainClass, List<String> args, long timeoutSeconds) throws Exception {
        ClusterProcess cli = runCli(jobJar, mainClass, args, false);
        if (!cli.waitFor(timeoutSeconds)) throw new AssertionError("flink run did not end in time:\n" + cli.logTail());
        if (cli.exitValue() != 0) throw new AssertionError("flink run failed:\n" + cli.logTail());
    }

    private ClusterProcess runCli(Path jobJar, String mainClass, List<String> args, boolean detached) throws Exception {
        List<String> cliArgs = new ArrayList<>(List.of("run"));
        if (detached) cliArgs.add("-d");
        cliArgs.addAll(List.of("-c", mainClass, jobJar.toString()));
        cliArgs.addAll(args);
        cliLog = log("cli");
        return ClusterProcess.start(List.of("-Xmx256m"), classpath, "org.apache.flink.client.cli.CliFrontend", cliArgs,
                cliLog, conf());
    }

    /** The job's state (RUNNING, RESTARTING, FINISHED, ...), null while the JobManager does not answer. */
    String jobState(String jobId) {
        return field(get("/jobs/" + jobId), "\"state\":\"(\\w+)\"");
    }

    /** How many checkpoints of the job completed, -1 while unknown. */
    long completedCheckpoints(String jobId) {
        return checkpointCount(jobId, "completed");
    }

    /** How often the job was restored from a checkpoint, -1 while unknown. */
    long restoredCheckpoints(String jobId) {
        return checkpointCount(jobId, "restored");
    }

    private long checkpointCount(String jobId, String count) {
        String n = field(get("/jobs/" + jobId + "/checkpoints"), "\"" + count + "\":(\\d+)");
        return n == null ? -1 : Long.parseLong(n);
    }

    void awaitOrFail(BooleanSupplier condition, long seconds, String what, ClusterProcess process) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || (process != null && !process.isAlive())) {
                throw new AssertionError(what + " (" + seconds + " s)\n" + (process == null ? "" : process.logTail()));
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String field(String json, String regex) {
        if (json == null) return null;
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Path conf() {
        return home.resolve("conf");
    }

    private Path log(String name) {
        return home.resolve("log").resolve(name + "-" + (++started) + ".log");
    }

    /** Every process of this cluster, SIGKILLed: nothing of it outlives the test. */
    @Override
    public void close() throws InterruptedException {
        for (ClusterProcess tm : taskManagers) tm.kill();
        if (jobManager != null) jobManager.kill();
    }
}
