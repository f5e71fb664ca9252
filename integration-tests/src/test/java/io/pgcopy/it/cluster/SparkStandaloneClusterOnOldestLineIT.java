package io.pgcopy.it.cluster;

import java.util.List;

/**
 * The cluster cases on the oldest line, Spark 3.5 with Scala 2.12, from its own distribution's jars and runtime jar;
 * an executor is killed in commit=prepared only, to keep the run short (the newest line kills one in every mode).
 */
class SparkStandaloneClusterOnOldestLineIT extends StandaloneClusterCases {
    @Override
    ClusterLine line() {
        return ClusterLine.OLDEST;
    }

    @Override
    List<String> executorKillModes() {
        return List.of("prepared");
    }
}
