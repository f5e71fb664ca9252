package io.pgcopy.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster made with initdb and run with pg_ctl on 127.0.0.1 (as the
 * {@code postgres} OS user when run as root), for tests, benchmarks and the demo. Not for data
 * anyone wants to keep: {@link #stop()} deletes it.
 */
public final class LocalCluster {

  public static final String SUPERUSER = "postgres";
  private static final String OS_USER = "postgres";
  private static final long START_TIMEOUT_MS = 60_000;
  // a unix socket path ("<dir>/.s.PGSQL.<port>") may be at most 107 bytes
  private static final int MAX_DATA_DIR_LENGTH = 90;

  private final Path bin;
  private final boolean asRoot;
  private final List<String> extraSettings;
  private Path dataDir;
  private int port;

  private LocalCluster(Path bin, boolean asRoot, List<String> extraSettings) {
    this.bin = bin;
    this.asRoot = asRoot;
    this.extraSettings = List.copyOf(extraSettings);
  }

  /** Creates and starts a cluster; the caller stops it. */
  public static LocalCluster start(Path bin) throws IOException {
    return start(bin, List.of());
  }

  /**
   * Creates and starts a cluster with these extra postgresql.conf lines (e.g. {@code
   * "max_connections = 20"}), which come after and so override the harness's own.
   */
  public static LocalCluster start(Path bin, List<String> extraSettings) throws IOException {
    boolean asRoot = runningAsRoot();
    if (asRoot && PostgresBinaries.program("runuser").isEmpty()
        && PostgresBinaries.program("su").isEmpty()) {
      throw new IllegalStateException("running as root, but neither runuser nor su is available"
          + " to run PostgreSQL as the '" + OS_USER + "' user");
    }
    LocalCluster cluster = new LocalCluster(bin, asRoot, extraSettings);
    try {
      cluster.dataDir = cluster.chooseDataDir();
      cluster.initdb();
      cluster.configure();
      cluster.startServer();
      cluster.awaitConnections();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.stop();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
  }

  /** The server's version as it reports it (e.g. "14.25"), for messages. */
  public String serverVersion() {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  /** Stops the server at once (the data is thrown away anyway) and deletes the data dir; idempotent. */
  public synchronized void stop() {
    if (dataDir == null) {
      return;
    }
    if (Files.exists(dataDir.resolve("postmaster.pid"))) {
      try {
        run(List.of(pgCtl(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), 60);
      } catch (IOException e) {
        // nothing more we can do at shutdown; the directory goes away below
      }
    }
    deleteRecursively(dataDir);
    dataDir = null;
  }

  /**
   * {@code pg_ctl restart -m fast}: every session is ended (their transactions rolled back, prepared
   * ones kept), as when an operator restarts the server. Returns when it accepts connections again.
   */
  public synchronized void restart() throws IOException {
    Result r = run(List.of(pgCtl(), "-D", dataDir.toString(), "-l", logFile().toString(), "-m", "fast",
        "-w", "-t", String.valueOf(START_TIMEOUT_MS / 1000), "restart"), START_TIMEOUT_MS / 1000 + 30);
    if (!r.ok()) {
      throw new IllegalStateException("pg_ctl restart failed:\n" + r.output
          + "\n--- server log (tail) ---\n" + logTail(40));
    }
    awaitConnections();
  }

  /**
   * Writes a file into the data directory, owned by the server's OS user and readable by it alone
   * (as PostgreSQL demands of a TLS key), e.g. {@code server.key} or a replacement pg_hba.conf.
   */
  public Path writeFile(String name, String content) throws IOException {
    Path file = dataDir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    giveToServerUser(file);
    return file;
  }

  private String pgCtl() {
    return bin.resolve("pg_ctl").toString();
  }

  private Path logFile() {
    return dataDir.resolve("postgresql.log");
  }

  /**
   * The module's target/ when the server's OS user can use it, so a failed run leaves its log
   * where the build output is; otherwise (a checkout under a root-only home such as /root) a
   * fresh directory under /tmp.
   */
  private Path chooseDataDir() throws IOException {
    Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target")
        .toAbsolutePath().normalize();
    Path candidate = target.resolve("pgdata-" + randomSuffix());
    if (candidate.toString().length() <= MAX_DATA_DIR_LENGTH) {
      Files.createDirectories(candidate);
      giveToServerUser(candidate);
      if (serverUserCanWrite(candidate)) {
        return candidate;
      }
      deleteRecursively(candidate);
    }
    Path tmp = Path.of("/tmp");
    Path dir = Files.isDirectory(tmp)
        ? Files.createTempDirectory(tmp, "pgcopy-pgdata-")
        : Files.createTempDirectory("pgcopy-pgdata-");
    giveToServerUser(dir);
    return dir;
  }

  private void giveToServerUser(Path dir) throws IOException {
    if (!asRoot) {
      return;
    }
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(users.lookupPrincipalByName(OS_USER));
    GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
    view.setGroup(group);
  }

  private boolean serverUserCanWrite(Path dir) throws IOException {
    if (!asRoot) {
      return Files.isWritable(dir);
    }
    // only the postgres user itself can tell whether every parent directory lets it through
    return run(List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString()), 30).ok();
  }

  private void initdb() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("initdb").toString(),
        "-D", dataDir.toString(), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8"));
    Result utf8 = run(concat(cmd, "--locale=C.UTF-8"), 120);
    if (utf8.ok()) {
      return;
    }
    // older or minimal systems lack the C.UTF-8 locale; the plain C locale works everywhere
    emptyDirectory(dataDir);
    Result plain = run(concat(cmd, "--no-locale"), 120);
    if (!plain.ok()) {
      throw new IllegalStateException("initdb failed:\n" + utf8.output + "\n" + plain.output);
    }
  }

  private void configure() throws IOException {
    String settings = String.join("\n",
        "",
        "# pgcopy test harness",
        "listen_addresses = '127.0.0.1'",
        // the packaged default /var/run/postgresql may not exist or not be ours
        "unix_socket_directories = '" + dataDir.toString().replace("'", "''") + "'",
        "max_prepared_transactions = 64",
        "max_connections = 200",
        // durability is pointless for throwaway data; these make tests much faster
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "shared_buffers = 256MB",
        "max_wal_size = 4GB",
        String.join("\n", extraSettings),
        "");
    // appending keeps the file's owner (postgres) even when we write it as root
    Files.writeString(dataDir.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
  }

  private void startServer() throws IOException {
    // another process may grab the port between our probe and the server's bind: retry
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      Result r = run(List.of(pgCtl(), "-D", dataDir.toString(), "-l", logFile().toString(),
          "-o", "-p " + port, "-w", "-t", String.valueOf(START_TIMEOUT_MS / 1000), "start"),
          START_TIMEOUT_MS / 1000 + 30);
      if (r.ok()) {
        return;
      }
      String log = logTail(40);
      if (attempt < 3 && log.contains("could not bind")) {
        run(List.of(pgCtl(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), 60);
        continue;
      }
      throw new IllegalStateException("pg_ctl start failed:\n" + r.output
          + "\n--- server log (tail) ---\n" + log);
    }
  }

  private void awaitConnections() {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    SQLException last = null;
    while (System.currentTimeMillis() < deadline) {
      try (Connection c = DriverManager.getConnection(url("postgres"))) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("the server on port " + port + " accepts no JDBC connection"
        + " after " + START_TIMEOUT_MS / 1000 + "s: " + last
        + "\n--- server log (tail) ---\n" + logTail(40), last);
  }

  /** The last lines of the server log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  private record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs a command as the server's OS user, output captured in a file so nothing can block. */
  private Result run(List<String> cmd, long timeoutSeconds) throws IOException {
    Path out = Files.createTempFile("pgcopy-cmd-", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(asServerUser(cmd))
          // the server user may not be allowed into our working directory
          .directory(new File("/"))
          .redirectErrorStream(true)
          .redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + "s: " + cmd + "\n"
            + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + cmd, e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private List<String> asServerUser(List<String> cmd) {
    if (!asRoot) {
      return cmd;
    }
    // PostgreSQL refuses to run as root
    if (PostgresBinaries.program("runuser").isPresent()) {
      return concat(List.of("runuser", "-u", OS_USER, "--"), cmd);
    }
    String line = cmd.stream().map(LocalCluster::shellQuote).collect(Collectors.joining(" "));
    return List.of("su", OS_USER, "-s", "/bin/sh", "-c", line);
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static List<String> concat(List<String> a, String... b) {
    return concat(a, List.of(b));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static boolean runningAsRoot() {
    try {
      // /proc/self belongs to the effective user of this process
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static String randomSuffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void emptyDirectory(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        deleteRecursively(child);
      }
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover directory under target/ or /tmp harms nothing
    }
  }
}
