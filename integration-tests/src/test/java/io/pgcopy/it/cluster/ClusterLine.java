package io.pgcopy.it.cluster;

import io.pgcopy.testing.RuntimeJar;
import java.nio.file.Path;

/**
 * A Spark line the cluster tests run on: its Scala version and the system properties (integration-tests' pom) naming
 * its distribution's jars (cluster-jars/) and pgcopy's runtime jar for it.
 */
record ClusterLine(String name, String scalaVersion, String sparkClasspathProperty, String runtimeJarProperty) {
    static final ClusterLine NEWEST = new ClusterLine("4.2", "2.13", "pgcopy.cluster.sparkClasspath",
            "pgcopy.spark.runtimeJar");
    static final ClusterLine OLDEST = new ClusterLine("3.5_2.12", "2.12", "pgcopy.cluster.spark-3.5_2.12.classpath",
            "pgcopy.spark-3.5_2.12.runtimeJar");

    Path sparkClasspath() {
        return Path.of(SparkHome.property(sparkClasspathProperty));
    }

    Path runtimeJar() {
        return RuntimeJar.of(runtimeJarProperty).path();
    }
}
