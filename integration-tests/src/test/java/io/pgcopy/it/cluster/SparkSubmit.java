package io.pgcopy.it.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spark-submit} without its script: {@code org.apache.spark.deploy.SparkSubmit} on the SPARK_HOME jars, in
 * client mode (the driver is this JVM). pgcopy and pgjdbc reach driver and executors only through {@code --jars}: the
 * runtime jar of the SPARK_HOME's line.
 */
final class SparkSubmit {
    private SparkSubmit() {}

    static GroupedProcess start(SparkHome home, String name, Path log, String master, List<String> conf,
            String mainClass, String primaryResource, List<String> args, Map<String, String> env) throws Exception {
        List<String> submit = new ArrayList<>(List.of("--master", master, "--name", name,
                "--jars", home.line().runtimeJar().toString(), "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.memory=512m", "--conf", "spark.executor.memory=512m",
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", SparkHome.jvmOptions())));
        for (String c : conf) submit.addAll(List.of("--conf", c));
        submit.addAll(List.of("--class", mainClass, primaryResource));
        submit.addAll(args);
        Map<String, String> environment = home.environment();
        environment.putAll(env);
        return GroupedProcess.start(name, home.java("512m", "org.apache.spark.deploy.SparkSubmit", submit),
                environment, log);
    }
}
