package dev.privacyfirst.deploycheck;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * What Lambda's Java runtime does with a deployment jar, in a fresh JVM: load the handler class
 * from the jar alone (a class loader whose parent is the platform loader, so nothing of this JVM's
 * class path leaks in), construct it (the init phase), then for each event file deserialize the
 * event with Lambda's own serialization library, call {@code handleRequest} with a context, and
 * serialize the result.
 *
 * <p>Runs as {@code java -cp <this module's classes and aws-lambda-java-serialization> JarLauncher
 * <function class path> <handler class> <function name> <event file>...}. Reports on stdout, one
 * line per event, prefixed so that the function's own logs (also on stdout) never pass for a
 * result: {@value #RESPONSE} name, tab, the response JSON; or {@value #FAILURE} name, tab, the
 * exception class. An init failure exits with {@value #INIT_FAILED}.
 */
public final class JarLauncher {
  public static final String RESPONSE = "@@response\t";
  public static final String FAILURE = "@@failure\t";
  public static final String LOGGING = "@@logging\t";
  public static final String PRIMED = "@@primed\t";

  /** Where the snapshot would be taken ({@link #PRIME_FIRST_PROPERTY}): init and priming done. */
  public static final String SNAPSHOT = "@@snapshot";

  /** Before each result line: event name, tab, nanoseconds the handler took, in this JVM. */
  public static final String INVOKED = "@@invoked\t";

  /**
   * System property: after the events, run the function's SnapStart priming steps (its {@code
   * Priming} registrations) and report each as {@value #PRIMED} name, tab, "ok" or the exception
   * class. Priming drives each AWS client the function builds through a dry-run request, so the
   * jar's SDK classes for those calls load and run here even where the sample events never reach
   * that client. Off for the cold-start harness.
   */
  public static final String PRIME_PROPERTY = "deploycheck.prime";

  /**
   * System property: run the priming steps right after the handler is constructed, before the
   * events, and then report {@value #SNAPSHOT}, as SnapStart runs them before it takes the
   * snapshot: the events' invocations are then what a restored function does first (without the
   * restore itself, which needs a CRaC-capable JVM).
   */
  public static final String PRIME_FIRST_PROPERTY = "deploycheck.primeFirst";

  public static final int INIT_FAILED = 3;

  private JarLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: JarLauncher <function class path> <handler class> <function name> <event>...");
      System.exit(2);
    }
    PrintStream out = System.out;
    ClassLoader functionLoader = classLoader(args[0]);
    Thread.currentThread().setContextClassLoader(functionLoader);
    Invocation invocation;
    try {
      invocation = Invocation.load(functionLoader, args[1], args[2]);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      System.err.println("init failed: " + e);
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      cause.printStackTrace();
      out.flush();
      Runtime.getRuntime().halt(INIT_FAILED);
      return;
    }
    if (Boolean.getBoolean(PRIME_FIRST_PROPERTY)) {
      prime(functionLoader, out);
      out.println(SNAPSHOT);
      out.flush();
    }
    for (int i = 3; i < args.length; i++) {
      Path event = Path.of(args[i]);
      String name = String.valueOf(event.getFileName());
      try {
        byte[] payload = Files.readAllBytes(event);
        long started = System.nanoTime();
        String response = invocation.invoke(payload);
        out.println(INVOKED + name + "\t" + (System.nanoTime() - started));
        out.println(RESPONSE + name + "\t" + response);
      } catch (InvocationTargetException e) {
        out.println(FAILURE + name + "\t" + e.getCause().getClass().getName());
        e.getCause().printStackTrace();
      } catch (RuntimeException | LinkageError e) {
        out.println(FAILURE + name + "\t" + e.getClass().getName());
        e.printStackTrace();
      }
      out.flush();
    }
    // After the events: the cold-start harness times the first response, not this check.
    out.println(LOGGING + logging(functionLoader));
    if (Boolean.getBoolean(PRIME_PROPERTY) && !Boolean.getBoolean(PRIME_FIRST_PROPERTY)) {
      prime(functionLoader, out);
    }
    // SDK and Powertools threads may be non-daemon; a Lambda sandbox is frozen, this one is ended
    // (with shutdown hooks, so that a flight recording asked for by the harness is written).
    System.exit(0);
  }

  /**
   * Runs each registered priming step directly (not through CRaC's {@code beforeCheckpoint}, which
   * logs and swallows a failure so that a snapshot is never refused), so that a failure is seen.
   */
  private static void prime(ClassLoader loader, PrintStream out) {
    List<?> primers;
    try {
      Class<?> priming = Class.forName("dev.privacyfirst.common.adapter.Priming", true, loader);
      primers = (List<?>) priming.getMethod("registered").invoke(null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      out.println(PRIMED + "registered\t" + e.getClass().getName());
      e.printStackTrace();
      return;
    }
    for (Object primer : primers) {
      String name = "unnamed";
      try {
        name = String.valueOf(primer.getClass().getMethod("name").invoke(primer));
        Runnable step = (Runnable) primer.getClass().getMethod("step").invoke(primer);
        step.run();
        out.println(PRIMED + name + "\tok");
      } catch (InvocationTargetException e) {
        out.println(PRIMED + name + "\t" + e.getCause().getClass().getName());
        e.getCause().printStackTrace();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        out.println(PRIMED + name + "\t" + e.getClass().getName());
        e.printStackTrace();
      }
      out.flush();
    }
  }

  /**
   * The encoders of the appenders on the function's root logger (logback, the functions' SLF4J
   * provider), or what kept them from being read: a jar whose logging configuration is missing
   * falls back to logback's default console pattern and shows it here, where it would otherwise log
   * plain text instead of JSON lines.
   */
  private static String logging(ClassLoader loader) {
    try {
      Object factory =
          Class.forName("org.slf4j.LoggerFactory", true, loader)
              .getMethod("getILoggerFactory")
              .invoke(null);
      Object root = factory.getClass().getMethod("getLogger", String.class).invoke(factory, "ROOT");
      Iterator<?> appenders =
          (Iterator<?>) root.getClass().getMethod("iteratorForAppenders").invoke(root);
      List<String> encoders = new ArrayList<>();
      while (appenders.hasNext()) {
        Object appender = appenders.next();
        Object name = appender.getClass().getMethod("getName").invoke(appender);
        Object encoder = appender.getClass().getMethod("getEncoder").invoke(appender);
        encoders.add(name + "=" + (encoder == null ? "none" : encoder.getClass().getName()));
      }
      return String.join(",", encoders);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return "unreadable: " + e;
    }
  }

  private static ClassLoader classLoader(String classPath) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return new URLClassLoader(
        "function", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * A constructed handler and the serializers of its input and output types; a stream handler has
   * none (Lambda's runtime hands it the event's bytes and takes its output as they are).
   */
  private record Invocation(
      Object handler,
      Method method,
      PojoSerializer<Object> input,
      PojoSerializer<Object> output,
      Object context) {

    static Invocation load(ClassLoader loader, String handlerClass, String functionName)
        throws ReflectiveOperationException {
      Class<?> type = Class.forName(handlerClass, true, loader);
      Object handler = type.getConstructor().newInstance();
      Class<?> contextType =
          Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
      Class<?> streamHandler =
          Class.forName(
              "com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
      if (streamHandler.isInstance(handler)) {
        Method method =
            streamHandler.getMethod(
                "handleRequest", InputStream.class, OutputStream.class, contextType);
        return new Invocation(
            handler, method, null, null, context(loader, contextType, functionName));
      }
      Method method = handleRequest(type, contextType);
      method.setAccessible(true);
      return new Invocation(
          handler,
          method,
          serializer(method.getParameterTypes()[0], loader),
          serializer(method.getReturnType(), loader),
          context(loader, contextType, functionName));
    }

    /** The most specific {@code handleRequest(input, Context)}: not the erased bridge. */
    private static Method handleRequest(Class<?> type, Class<?> contextType)
        throws NoSuchMethodException {
      for (Method m : type.getMethods()) {
        if (m.getName().equals("handleRequest")
            && !m.isBridge()
            && !Modifier.isStatic(m.getModifiers())
            && m.getParameterCount() == 2
            && m.getParameterTypes()[1] == contextType) {
          return m;
        }
      }
      throw new NoSuchMethodException(type.getName() + ".handleRequest(input, Context)");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
      if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
        return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
      }
      return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    private static Object context(ClassLoader loader, Class<?> contextType, String functionName)
        throws ClassNotFoundException {
      Class<?> loggerType =
          Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
      Object logger =
          Proxy.newProxyInstance(
              loader,
              new Class<?>[] {loggerType},
              (proxy, m, a) -> {
                if (m.getName().equals("log") && a != null && a.length >= 1) {
                  System.err.println(
                      a[0] instanceof byte[] bytes
                          ? new String(bytes, StandardCharsets.UTF_8)
                          : String.valueOf(a[0]));
                }
                return defaultValue(m);
              });
      String requestId = UUID.randomUUID().toString();
      return Proxy.newProxyInstance(
          loader,
          new Class<?>[] {contextType},
          (proxy, m, a) ->
              switch (m.getName()) {
                case "getAwsRequestId" -> requestId;
                case "getFunctionName", "getLogStreamName" -> functionName;
                case "getLogGroupName" -> "/aws/lambda/" + functionName;
                case "getFunctionVersion" -> "$LATEST";
                case "getInvokedFunctionArn" ->
                    "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
                case "getRemainingTimeInMillis" -> 300_000;
                case "getMemoryLimitInMB" -> 1024;
                case "getLogger" -> logger;
                case "toString" -> "context of " + functionName;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == a[0];
                default -> defaultValue(m);
              });
    }

    private static Object defaultValue(Method m) {
      Class<?> r = m.getReturnType();
      if (r == boolean.class) {
        return false;
      }
      if (r == int.class) {
        return 0;
      }
      if (r == long.class) {
        return 0L;
      }
      return null;
    }

    String invoke(byte[] event) throws InvocationTargetException, IllegalAccessException {
      if (input == null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        method.invoke(handler, new ByteArrayInputStream(event), out, context);
        return out.toString(StandardCharsets.UTF_8).replace('\n', ' ');
      }
      Object in = input.fromJson(new ByteArrayInputStream(event));
      Object result = method.invoke(handler, in, context);
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      output.toJson(result, json);
      return json.toString(StandardCharsets.UTF_8).replace('\n', ' ');
    }
  }
}
