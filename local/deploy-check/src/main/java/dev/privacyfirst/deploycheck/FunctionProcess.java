package dev.privacyfirst.deploycheck;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link JarLauncher} in a fresh JVM for one function and reads what it reports. The time to
 * the first reported result is taken here, from just before the process is started: JVM start, the
 * handler's init and the first invocation, which is what a cold start costs a caller.
 */
public final class FunctionProcess {
  /**
   * The flags Lambda's managed Java runtime starts the JVM with (the ones that change start-up:
   * serial GC, tiered compilation stopped at C1, the JDK's class-data archive), with a heap cap
   * like a 1024 MB function's. The runtime's own CDS archive of its classes cannot be reproduced.
   */
  public static final List<String> LAMBDA_JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-Xshare:auto",
          "-XX:MaxHeapSize=870m",
          "-Djava.net.preferIPv4Stack=true",
          "--enable-native-access=ALL-UNNAMED");

  /**
   * The same with SnapStart: from the java25 runtime on, Lambda leaves tiered compilation at the
   * JVM's default (C2 included) for SnapStart and provisioned concurrency, since compilation then
   * happens before the snapshot, off the invocation path (AWS Lambda developer guide, "Customize
   * Java runtime startup behavior").
   */
  public static final List<String> SNAPSTART_JVM_FLAGS =
      LAMBDA_JVM_FLAGS.stream().filter(flag -> !flag.startsWith("-XX:Tiered")).toList();

  private static final int STDERR_TAIL = 16 * 1024;

  private FunctionProcess() {}

  /** One result line of the launcher. */
  public record Outcome(String event, boolean failed, String detail) {}

  /**
   * What one fresh JVM did.
   *
   * @param exitCode the launcher's exit code ({@link JarLauncher#INIT_FAILED} when the handler
   *     could not be loaded or constructed)
   * @param outcomes one per event, in order
   * @param firstResultNanos from just before the process start to the first result line, or -1
   * @param logging what the launcher read of the function's logback appenders ("" if nothing)
   * @param primed one per priming step when the launcher ran them ({@link
   *     JarLauncher#PRIME_PROPERTY}): its name, failed, and "ok" or the exception class
   * @param stderr the tail of the process's standard error (stack traces of failures)
   * @param invokedNanos how long the handler took for each answered event, measured in the
   *     function's JVM, in order
   * @param snapshotNanos from just before the process start to the point where SnapStart would take
   *     its snapshot ({@link JarLauncher#PRIME_FIRST_PROPERTY}), or -1
   */
  public record Run(
      int exitCode,
      List<Outcome> outcomes,
      long firstResultNanos,
      String logging,
      List<Outcome> primed,
      String stderr,
      List<Long> invokedNanos,
      long snapshotNanos) {}

  /**
   * Runs {@code events} through {@code handlerClass} loaded from {@code functionClassPath} in a new
   * JVM whose environment is {@code environment} only (plus PATH), so nothing of this JVM's
   * configuration reaches the function.
   */
  public static Run run(
      List<String> jvmFlags,
      List<Path> functionClassPath,
      String handlerClass,
      String functionName,
      List<Path> events,
      Map<String, String> environment,
      Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(launcherClassPath());
    command.add(JarLauncher.class.getName());
    command.add(join(functionClassPath));
    command.add(handlerClass);
    command.add(functionName);
    events.forEach(e -> command.add(e.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    String path = System.getenv("PATH");
    builder.environment().clear();
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    builder.environment().putAll(environment);
    List<Outcome> outcomes = new ArrayList<>();
    List<Outcome> primed = new ArrayList<>();
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.getFirst(), e);
    }
    StringBuilder stderr = new StringBuilder();
    Thread errors = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), stderr));
    long first = -1;
    long snapshot = -1;
    List<Long> invoked = new ArrayList<>();
    String logging = "";
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(JarLauncher.LOGGING)) {
          logging = line.substring(JarLauncher.LOGGING.length());
          continue;
        }
        if (line.equals(JarLauncher.SNAPSHOT)) {
          snapshot = System.nanoTime() - started;
          continue;
        }
        if (line.startsWith(JarLauncher.INVOKED)) {
          invoked.add(Long.parseLong(line.substring(line.lastIndexOf('\t') + 1)));
          continue;
        }
        if (line.startsWith(JarLauncher.PRIMED)) {
          String[] parts = line.split("\t", 3);
          String result = parts.length > 2 ? parts[2] : "";
          primed.add(new Outcome(parts[1], !result.equals("ok"), result));
          continue;
        }
        boolean response = line.startsWith(JarLauncher.RESPONSE);
        if (response || line.startsWith(JarLauncher.FAILURE)) {
          if (first < 0) {
            first = System.nanoTime() - started;
          }
          String[] parts = line.split("\t", 3);
          outcomes.add(new Outcome(parts[1], !response, parts.length > 2 ? parts[2] : ""));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(functionName + " did not finish within " + timeout);
      }
      errors.join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    synchronized (stderr) {
      return new Run(
          process.exitValue(),
          List.copyOf(outcomes),
          first,
          logging,
          List.copyOf(primed),
          stderr.toString(),
          List.copyOf(invoked),
          snapshot);
    }
  }

  private static void drain(InputStream in, StringBuilder tail) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (tail) {
          tail.append(line).append('\n');
          if (tail.length() > STDERR_TAIL) {
            tail.delete(0, tail.length() - STDERR_TAIL);
          }
        }
      }
    } catch (IOException e) {
      // the process ended; what was read is kept
    }
  }

  /** This module's classes and Lambda's serialization library: the "runtime" side only. */
  static String launcherClassPath() {
    return join(
        List.of(
            location(JarLauncher.class),
            location(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class)));
  }

  /** Where a class was loaded from: a jar or a classes directory. */
  public static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String join(List<Path> paths) {
    return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
  }
}
