package dev.privacyfirst.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the local cloud of {@link WithLocalCloud} once per test run and configuration, when a test
 * or {@code @BeforeAll} method first asks for it as a parameter. The cloud lives in the root {@link
 * Store} (closed when the run ends); one cloud runs at a time because the functions read their
 * settings from system properties when they are first built, so a class that asks for other
 * settings closes the running cloud (and its settings) before its own starts. {@link
 * LocalCloudClassOrder} runs the classes of one configuration one after another, so each
 * configuration starts once per run.
 */
public final class LocalCloudExtension implements ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(LocalCloudExtension.class);

  /** The settings that tell one cloud from another. */
  record Configuration(boolean ses, Map<String, String> properties, String group) {
    static Configuration of(WithLocalCloud settings) {
      Map<String, String> properties = new LinkedHashMap<>();
      for (String entry : settings.properties()) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("not NAME=value: " + entry);
        }
        properties.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
      return new Configuration(settings.ses(), Map.copyOf(properties), settings.group());
    }

    String name() {
      return group.isEmpty() ? "shared" : group;
    }

    /** A stable text of the configuration, for ordering classes by it. */
    String key() {
      return group + " ses=" + ses + " " + new java.util.TreeMap<>(properties);
    }
  }

  /** The running cloud, closed by JUnit with the root store. */
  record Running(Configuration configuration, TestLocalCloud cloud) implements AutoCloseable {
    @Override
    public void close() {
      cloud.close();
    }
  }

  /** The cloud for the context's test class, started if none with its settings runs. */
  static TestLocalCloud cloud(ExtensionContext context) {
    WithLocalCloud settings =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithLocalCloud.class)
            .orElseThrow(() -> new IllegalStateException("no @WithLocalCloud on the test class"));
    Configuration wanted = Configuration.of(settings);
    Store store = context.getRoot().getStore(NAMESPACE);
    synchronized (LocalCloudExtension.class) {
      Running running = store.get(Running.class, Running.class);
      if (running != null && running.configuration().equals(wanted)) {
        return running.cloud();
      }
      if (running != null) {
        store.remove(Running.class);
        running.close();
      }
      try {
        TestLocalCloud cloud =
            TestLocalCloud.start(wanted.name(), wanted.ses(), wanted.properties());
        store.put(Running.class, new Running(wanted, cloud));
        return cloud;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final List<Class<?>> RESOLVED =
      Arrays.asList(TestLocalCloud.class, LocalCloud.class, URI.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    TestLocalCloud cloud = cloud(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == TestLocalCloud.class) {
      return cloud;
    }
    return type == LocalCloud.class ? cloud.cloud : cloud.cloud.baseUri();
  }
}
