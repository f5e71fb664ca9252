package io.pgcopy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

  static TestDatabase staticField;
  private static TestDatabase fromBeforeAll;
  TestDatabase instanceField;
  private final TestDatabase fromConstructor;
  private TestDatabase fromBeforeEach;

  PostgresExtensionTest(TestDatabase db) {
    fromConstructor = db;
  }

  @BeforeAll
  static void createTable(TestDatabase db) throws SQLException {
    fromBeforeAll = db;
    db.execute("CREATE TABLE t (id int PRIMARY KEY, s text)",
        "INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'ü€😀')");
  }

  @BeforeEach
  void remember(TestDatabase db) {
    fromBeforeEach = db;
  }

  @Test
  void connects(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      assertTrue(c.isValid(5));
    }
    try (Connection c = DriverManager.getConnection(db.url())) {
      assertTrue(c.isValid(5));
    }
    try (Connection c = DriverManager.getConnection(db.url().replaceFirst("\\?.*", ""),
        db.properties())) {
      assertTrue(c.isValid(5));
    }
    assertEquals(1, db.queryLong("SELECT 1"));
    assertEquals(db.name(), db.queryString("SELECT current_database()"));
  }

  @Test
  void everyInjectionPointGetsTheClassDatabase(TestDatabase db) {
    assertNotNull(db);
    assertSame(db, staticField);
    assertSame(db, fromBeforeAll);
    assertSame(db, instanceField);
    assertSame(db, fromConstructor);
    assertSame(db, fromBeforeEach);
  }

  @Test
  void queryTextKeepsNullsAndUnicode(TestDatabase db) throws SQLException {
    assertEquals(
        List.of(Arrays.asList("1", "a"), Arrays.asList("2", null), Arrays.asList("3", "ü€😀")),
        db.queryText("SELECT id, s FROM t ORDER BY id"));
    assertEquals(null, db.queryString("SELECT s FROM t WHERE id = 2"));
    assertThrows(IllegalStateException.class, () -> db.queryLong("SELECT 1 WHERE false"));
    assertThrows(SQLException.class, () -> db.execute("SELECT * FROM no_such_table"));
  }

  @Test
  void serverEncodingIsUtf8(TestDatabase db) throws SQLException {
    assertEquals("UTF8", db.queryString("SHOW server_encoding"));
  }

  @Test
  void serverHasTheHarnessSettings(TestDatabase db) throws SQLException {
    assertTrue(db.serverVersionNum() >= 100000, "version " + db.serverVersionNum());
    if (TestPostgres.get().startedHere()) {
      assertTrue(db.queryLong("SHOW max_prepared_transactions") > 0);
      assertEquals(200, db.queryLong("SHOW max_connections"));
      assertEquals("off", db.queryString("SHOW fsync"));
    }
  }

  @Nested
  class NestedClass {
    @Test
    void sharesTheOuterDatabase(TestDatabase db) {
      assertSame(staticField, db);
    }
  }

  @Test
  void eachTestClassGetsItsOwnDatabaseDroppedAfterIt(TestDatabase db) throws SQLException {
    TestExecutionSummary summary = run(FirstClass.class, SecondClass.class);
    assertEquals(0, summary.getTotalFailureCount(), () -> summary.getFailures().toString());
    assertEquals(2, summary.getTestsSucceededCount());

    assertNotNull(FirstClass.seen);
    assertNotNull(SecondClass.seen);
    assertNotEquals(FirstClass.seen, SecondClass.seen);
    assertNotEquals(db.name(), FirstClass.seen);
    assertTrue(FirstClass.seen.startsWith("t_firstclass_"), FirstClass.seen);
    assertEquals(0, db.queryLong("SELECT count(*) FROM pg_database WHERE datname IN ('"
        + FirstClass.seen + "', '" + SecondClass.seen + "')"));
  }

  private static TestExecutionSummary run(Class<?>... classes) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
        .build(), listener);
    return listener.getSummary();
  }

  /** Run only through {@link #run}; surefire skips nested classes. */
  @ExtendWith(PostgresExtension.class)
  static class FirstClass {
    static String seen;

    @Test
    void record(TestDatabase db) throws SQLException {
      seen = db.queryString("SELECT current_database()");
    }
  }

  @ExtendWith(PostgresExtension.class)
  static class SecondClass {
    static String seen;

    @Test
    void record(TestDatabase db) throws SQLException {
      seen = db.queryString("SELECT current_database()");
    }
  }
}
