package io.pgcopy.testing;

import io.pgcopy.local.LocalCluster;
import io.pgcopy.local.PostgresBinaries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PostgreSQL server of one test class alone, for tests that restart it, change its settings or
 * stop its processes, which would disturb every other test on the shared {@link TestPostgres}.
 * Needs the local server binaries even when {@code PGCOPY_TEST_URL} names a server, and fails
 * loudly without them.
 */
public final class PrivateCluster {

  private PrivateCluster() {}

  /** Starts a cluster with these extra postgresql.conf lines; the caller stops it. */
  public static LocalCluster start(String... settings) {
    Path bin = PostgresBinaries.find().orElseThrow(() -> new IllegalStateException(
        "This test restarts or reconfigures its own PostgreSQL, so it needs the server binaries"
            + " (initdb, pg_ctl) even when " + TestPostgres.URL_ENV + " is set. "
            + TestPostgres.HOW_TO_GET_ONE));
    try {
      return LocalCluster.start(bin, List.of(settings));
    } catch (IOException e) {
      throw new IllegalStateException("could not start a private PostgreSQL from " + bin + ": " + e, e);
    }
  }
}
