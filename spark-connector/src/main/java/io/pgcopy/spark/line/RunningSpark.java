package io.pgcopy.spark.line;

/** The versions of the Spark and Scala this JVM runs, from their public constants. */
final class RunningSpark {
    private RunningSpark() {
    }

    static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    static String scalaVersion() {
        return scala.util.Properties.versionNumberString();
    }
}
