package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a function module's deployment jar is. The CDK CLI runs the app from infra-cdk/, Surefire
 * from the module directory and an IDE from anywhere, so the repository root is found by walking up
 * to the directory that holds the Maven wrapper and functions/, unless a system property names it.
 */
public final class FunctionJars {
  /** System property that overrides the repository root. */
  public static final String ROOT_PROPERTY = Repository.ROOT_PROPERTY;

  /** System property that overrides the project version (default: Maven-filtered resource). */
  public static final String VERSION_PROPERTY = "privacyfirst.version";

  private FunctionJars() {}

  /** The shaded deployment jar of one functions/ module; fails early with the command to run. */
  public static String jar(String module) {
    Path jar =
        repositoryRoot()
            .resolve("functions")
            .resolve(module)
            .resolve("target")
            .resolve(module + "-" + version() + "-lambda.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "missing function jar "
              + jar
              + ": build it first with ./mvnw -B package -DskipTests -pl functions/"
              + module);
    }
    return jar.toString();
  }

  static Path repositoryRoot() {
    return Repository.root();
  }

  static String version() {
    String configured = System.getProperty(VERSION_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try (InputStream in = FunctionJars.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties missing from the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("project.version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
