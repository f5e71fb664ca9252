package io.pgcopy.it.flink;

import io.pgcopy.packaging.FlinkJars;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's job jar: the job classes (test resources under {@code flink-jobs/}, compiled here against the Flink line's
 * jars and its pgcopy runtime jar, as this module has no Flink of its own) with or without the connector shaded in.
 */
final class JobJar {
    private JobJar() {}

    /** The job classes and, if {@code shaded}, every class and service file of {@code flink}'s runtime jar. */
    static Path build(Path dir, FlinkJars flink, boolean shaded) throws IOException {
        Path runtimeJar = flink.rightRuntimeJar().path();
        Path classes = Files.createDirectories(dir.resolve("job-classes"));
        compile(classes, FlinkSessionCluster.flinkClasspath(flink) + File.pathSeparator + runtimeJar);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        // pgjdbc's Java 11+ classes stay in use, as in the runtime jar
        manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
        Path jar = dir.resolve(shaded ? "job-with-pgcopy.jar" : "job.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                }
            }
            if (shaded) copyEntries(runtimeJar, out);
        }
        return jar;
    }

    private static void compile(Path classes, String classpath) throws IOException {
        Path sources;
        try {
            sources = Path.of(JobJar.class.getResource("/flink-jobs").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-cp", classpath, "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("the job classes do not compile against " + classpath);
        }
    }

    private static void copyEntries(Path runtimeJar, JarOutputStream out) throws IOException {
        try (JarFile jar = new JarFile(runtimeJar.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || e.getName().equals("META-INF/MANIFEST.MF")) continue;
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = jar.getInputStream(e)) {
                    in.transferTo(out);
                }
            }
        }
    }
}
