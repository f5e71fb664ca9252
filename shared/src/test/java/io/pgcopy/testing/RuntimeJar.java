package io.pgcopy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** A connector's runtime jar as the build left it, opened for tests. */
public record RuntimeJar(Path path, List<String> entries) {

    /** The jar named by the system property the build sets ({@code pgcopy.spark.runtimeJar}, ...). */
    public static RuntimeJar of(String property) {
        String location = System.getProperty(property);
        if (location == null) throw new IllegalStateException("system property " + property + " is not set (the"
                + " pom of the module that runs this test sets it; run through Maven)");
        Path path = Path.of(location).normalize();
        if (!Files.isRegularFile(path)) throw new IllegalStateException(path + " does not exist: it is built by the"
                + " connector's package phase; run the module through mvn verify");
        try (JarFile jar = new JarFile(path.toFile())) {
            return new RuntimeJar(path, jar.stream().map(ZipEntry::getName).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> classes() {
        return entries.stream().filter(e -> e.endsWith(".class")).toList();
    }

    /** Class files outside the given package prefixes (multi-release copies under META-INF/versions/N/ included). */
    public List<String> classesOutside(String... prefixes) {
        return classes().stream()
                .map(e -> e.replaceFirst("^META-INF/versions/\\d+/", ""))
                .filter(e -> List.of(prefixes).stream().noneMatch(e::startsWith))
                .toList();
    }

    public Optional<String> text(String entry) {
        try (JarFile jar = new JarFile(path.toFile())) {
            ZipEntry e = jar.getEntry(entry);
            if (e == null) return Optional.empty();
            return Optional.of(new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class names a {@code META-INF/services} file lists, comments and blank lines left out. */
    public List<String> services(String serviceInterface) {
        return text("META-INF/services/" + serviceInterface).orElse("").lines()
                .map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
    }

    public boolean hasClass(String className) {
        return entries.contains(className.replace('.', '/') + ".class");
    }
}
