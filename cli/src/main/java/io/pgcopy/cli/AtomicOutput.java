package io.pgcopy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An output directory that appears only when complete: written to a hidden sibling first and
 * renamed into place (one rename on the same file system), so a failed or killed run never
 * leaves a half-written {@code OUT}. The sibling is removed on failure and on Ctrl-C.
 */
final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final Thread onExit;
    private boolean published;

    AtomicOutput(Path target) {
        this.target = target.toAbsolutePath().normalize();
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + ".pgcopy-tmp-" + UUID.randomUUID());
        this.onExit = new Thread(() -> delete(temp), "pgcopy-export-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Where to write; must not exist yet (Spark creates it). */
    Path temp() {
        return temp;
    }

    /** Moves the finished output into place, replacing an existing one only when {@code replace}. */
    void publish(boolean replace) throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) Files.delete(p);
        }
        Path old = null;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) throw new IOException(target + " appeared while exporting; left it alone, nothing written");
            old = target.resolveSibling("." + target.getFileName() + ".pgcopy-old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        published = true;
        if (old != null) delete(old);
    }

    @Override
    public void close() {
        if (!published) delete(temp);
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static void delete(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
