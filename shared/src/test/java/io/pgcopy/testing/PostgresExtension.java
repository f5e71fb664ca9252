package io.pgcopy.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Gives each test class its own {@link TestDatabase} on the {@link TestPostgres} server and drops
 * it after the class. The database is injected into parameters of type {@code TestDatabase}
 * (test methods, constructors, {@code @BeforeAll}/{@code @BeforeEach} methods) and into
 * non-final fields of that type, static ones before {@code @BeforeAll}. {@code @Nested} classes
 * share the database of their enclosing class.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class FooTest {
 *   @Test void x(TestDatabase db) throws Exception { db.execute("CREATE TABLE t (i int)"); }
 * }
 * }</pre>
 */
public final class PostgresExtension
    implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);
  private static final String KEY = "database";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    injectFields(context.getRequiredTestClass(), null, database(context));
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context)
      throws Exception {
    injectFields(testInstance.getClass(), testInstance, database(context));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    // remove() only looks at this class's own store: a @Nested class leaves its outer's alone
    Owned owned = context.getStore(NAMESPACE).remove(KEY, Owned.class);
    if (owned != null) {
      owned.database.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }

  /** The database of the nearest enclosing test class, created on first use. */
  private static TestDatabase database(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (!(classContext.getElement().orElse(null) instanceof Class)
        && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    String label = classContext.getRequiredTestClass().getSimpleName();
    // parent stores are searched too, so a @Nested class finds its outer class's database
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> create(label), Owned.class)
        .database;
  }

  private static Owned create(String label) {
    try {
      return new Owned(TestDatabase.create(label));
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a test database on "
          + TestPostgres.get().describe() + ": " + e, e);
    }
  }

  private static void injectFields(Class<?> type, Object instance, TestDatabase db)
      throws IllegalAccessException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int mods = f.getModifiers();
        if (f.getType() == TestDatabase.class && !Modifier.isFinal(mods)
            && Modifier.isStatic(mods) == (instance == null)) {
          f.setAccessible(true);
          f.set(instance, db);
        }
      }
    }
  }

  /** Drops the database if JUnit closes the store without our afterAll having run. */
  private record Owned(TestDatabase database) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Throwable {
      database.close();
    }
  }
}
