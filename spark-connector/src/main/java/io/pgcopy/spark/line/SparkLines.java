package io.pgcopy.spark.line;

import java.util.List;

/**
 * The {@link SparkLine} of the running Spark, checked once per JVM: a pgcopy jar built for another
 * Spark line or Scala version fails here, at the first use of {@code format("pgcopy")}, naming the
 * artifact to use instead — never later inside a task with a missing class.
 */
public final class SparkLines {
    /** The lines pgcopy has an artifact for, oldest first. */
    public static final List<String> SUPPORTED = List.of("3.5", "4.0", "4.1", "4.2");

    private static volatile SparkLine current;

    private SparkLines() {
    }

    /** The line of the Spark this JVM runs, or an {@link UnsupportedSparkLineException} saying which jar to use. */
    public static SparkLine current() {
        SparkLine line = current;
        if (line == null) {
            synchronized (SparkLines.class) {
                if (current == null) current = load(RunningSpark.sparkVersion(), RunningSpark.scalaVersion());
                line = current;
            }
        }
        return line;
    }

    static SparkLine load(String sparkVersion, String scalaVersion) {
        LineDescriptor jar = LineDescriptor.ofThisJar().orElseThrow(() -> new UnsupportedSparkLineException(
                "pgcopy-spark-common alone cannot run: it has no Spark line. Use the artifact of your Spark line, "
                        + artifactFor(sparkVersion, scalaVersion, "") + "."));
        check(jar, sparkVersion, scalaVersion);
        try {
            return (SparkLine) Class.forName(jar.lineClass(), true, SparkLines.class.getClassLoader())
                    .getConstructor().newInstance();
        } catch (LinkageError | ReflectiveOperationException e) {
            throw new UnsupportedSparkLineException(jar.artifact() + " cannot load its Spark " + jar.spark()
                    + " support (" + jar.lineClass() + ": " + e + ") on Spark " + sparkVersion + " with Scala "
                    + scalaVersion + ". Use " + artifactFor(sparkVersion, scalaVersion, jar.version()) + ".", e);
        }
    }

    /** Fails unless the jar was built for this Spark line and Scala binary version. */
    static void check(LineDescriptor jar, String sparkVersion, String scalaVersion) {
        if (line(sparkVersion).equals(jar.spark()) && line(scalaVersion).equals(jar.scala())) return;
        throw new UnsupportedSparkLineException(jar.artifact() + " is built for Spark " + jar.spark()
                + " with Scala " + jar.scala() + ", but this is Spark " + sparkVersion + " with Scala " + scalaVersion
                + ": its classes would fail inside the tasks. Use " + artifactFor(sparkVersion, scalaVersion,
                jar.version()) + " instead.");
    }

    /** The artifact for a Spark and Scala version, as a sentence part. */
    static String artifactFor(String sparkVersion, String scalaVersion, String pgcopyVersion) {
        String spark = line(sparkVersion);
        if (!SUPPORTED.contains(spark)) {
            return "a Spark line pgcopy supports (" + String.join(", ", SUPPORTED) + "; this is Spark " + sparkVersion
                    + ")";
        }
        String artifact = "pgcopy-spark-" + spark + "_" + line(scalaVersion);
        return artifact + (pgcopyVersion.isEmpty() ? "" : " (its -runtime jar with spark-submit --jars, or"
                + " --packages io.pgcopy:" + artifact + ":" + pgcopyVersion + ")");
    }

    /** "4.1" of "4.1.3", "2.13" of "2.13.16". */
    static String line(String version) {
        String[] parts = version.split("[.-]");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }
}
