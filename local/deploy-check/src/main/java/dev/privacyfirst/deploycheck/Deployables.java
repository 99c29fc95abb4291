package dev.privacyfirst.deploycheck;

import com.amazonaws.services.lambda.runtime.Context;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Repository;
import dev.privacyfirst.deploycheck.floor.FloorHandler;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Where the deployment jars and sample events are, and the environment a function gets in a fresh
 * JVM here: the emulators' settings plus local keys, as the local cloud sets them.
 */
public final class Deployables {
  /** System property naming the repository root (set by the build). */
  public static final String ROOT_PROPERTY = Repository.ROOT_PROPERTY;

  /** System property naming the project version, which names the jars (set by the build). */
  public static final String VERSION_PROPERTY = "privacyfirst.version";

  private Deployables() {}

  public static Path repositoryRoot() {
    return Repository.root();
  }

  /** The file name of a functions/ module's deployment jar. */
  public static String jarName(String module) {
    String version = System.getProperty(VERSION_PROPERTY);
    if (version == null || version.isBlank()) {
      throw new IllegalStateException("set -D" + VERSION_PROPERTY + " to the project version");
    }
    return module + "-" + version + "-lambda.jar";
  }

  /** The shaded deployment jar of a functions/ module, as CDK deploys it. */
  public static Path jar(String module) {
    Path jar =
        repositoryRoot()
            .resolve("functions")
            .resolve(module)
            .resolve("target")
            .resolve(jarName(module));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "missing " + jar + ": package it first (./mvnw package -pl functions/" + module + ")");
    }
    return jar;
  }

  private static final Map<Path, Path> UNPACKED = new ConcurrentHashMap<>();

  /**
   * {@code jar} unpacked into a directory, as Lambda unpacks a deployment package into {@code
   * /var/task} before its runtime loads the handler from there (the runtime's class loader reads
   * the classes as files, not from the archive). Unpacked once per JVM into a temporary directory,
   * removed at exit.
   */
  public static Path unpacked(Path jar) {
    return UNPACKED.computeIfAbsent(jar.toAbsolutePath(), Deployables::unpack);
  }

  private static Path unpack(Path jar) {
    try {
      Path task = Files.createTempDirectory("var-task-");
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (var entry : Collections.list(zip.entries())) {
          Path target = task.resolve(entry.getName()).normalize();
          if (!target.startsWith(task)) {
            throw new IllegalStateException("entry outside the package: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            try (var in = zip.getInputStream(entry)) {
              Files.copy(in, target);
            }
          }
        }
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(task)));
      return task;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + jar, e);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  /** The sample events of a function: events/&lt;id&gt;/*.json, by name. */
  public static List<Path> events(FunctionSpec function) {
    Path dir = Repository.sampleEvents(function);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The floor's "jar": its class and aws-lambda-java-core, nothing else. */
  public static List<Path> floorClassPath() {
    return List.of(
        FunctionProcess.location(FloorHandler.class), FunctionProcess.location(Context.class));
  }

  /**
   * The environment of {@code function} in a fresh JVM: the emulators' endpoints, credentials and
   * resource names, Lambda's Invoke API (for the functions that queue notices or start jobs:
   * without it their SDK client would look for AWS itself, and a timed first response would include
   * that failing), a local master key and file secrets under {@code dataDir} (shared by every
   * function of a run, as in the local cloud), and Powertools' settings as the CDK app sets them.
   */
  public static Map<String, String> environment(
      Emulators emulators, LambdaInvokeStub lambdaApi, Path dataDir, FunctionSpec function) {
    Map<String, String> env = new LinkedHashMap<>(emulators.settings());
    env.put(EnvVars.endpointOverride("LAMBDA"), lambdaApi.endpoint());
    env.put(EnvVars.MASTER_KEY, "local:" + dataDir.resolve("master.key"));
    env.put(EnvVars.SECRETS_SOURCE, "file:" + dataDir.resolve("secrets"));
    env.put(EnvVars.PUBLIC_BASE_URL, "http://127.0.0.1:3000");
    env.put(EnvVars.ALLOWED_ORIGINS, "http://127.0.0.1:3000");
    env.put(EnvVars.COOKIE_SECURE, "false");
    env.put(EnvVars.STAGE, "local");
    env.put(EnvVars.POWERTOOLS_SERVICE_NAME, function.id());
    env.put(EnvVars.POWERTOOLS_LOG_LEVEL, "INFO");
    return env;
  }
}
