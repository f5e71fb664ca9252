package io.pgcopy.spark.line;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Which Spark line and Scala version a pgcopy Spark jar is built for: the resource {@value #RESOURCE},
 * written by each line module's build from its pom.
 *
 * @param artifact  the artifact, e.g. pgcopy-spark-4.1_2.13
 * @param spark     the Spark line, e.g. 4.1
 * @param scala     the Scala binary version, e.g. 2.13
 * @param lineClass the {@link SparkLine} class of that line
 * @param version   pgcopy's version
 */
public record LineDescriptor(String artifact, String spark, String scala, String lineClass, String version) {
    public static final String RESOURCE = "META-INF/pgcopy/spark-line.properties";

    /** The descriptor in the jar that loaded pgcopy's classes, if there is one. */
    static Optional<LineDescriptor> ofThisJar() {
        try (InputStream in = LineDescriptor.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) return Optional.empty();
            Properties p = new Properties();
            p.load(in);
            return Optional.of(new LineDescriptor(p.getProperty("artifact"), p.getProperty("spark"),
                    p.getProperty("scala"), p.getProperty("lineClass"), p.getProperty("version")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
