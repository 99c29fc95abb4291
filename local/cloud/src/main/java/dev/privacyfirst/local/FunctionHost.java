package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.topology.FunctionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the deployed handler classes in this JVM as Lambda's Java runtime does: one instance per
 * function, made once on first use with its public constructor on the cloud's settings ({@code
 * Config}), or else its no-arg one, the event deserialised from JSON into the type {@code
 * handleRequest} declares with the runtime's own serialisers, and the result serialised back to
 * JSON. A constructor that throws is retried on the next invocation, as Lambda retries a failed
 * init.
 */
public final class FunctionHost {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionHost.class);

  private final Map<String, Supplier<Object>> factories;
  private final Map<String, String> classNames;
  private final String region;
  private final LocalSettings settings;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** A constructed handler and what its {@code handleRequest} takes. */
  private record Loaded(Object handler, Type inputType, boolean stream) {}

  FunctionHost(
      Map<String, Supplier<Object>> factories,
      Map<String, String> classNames,
      String region,
      LocalSettings settings) {
    this.factories = Map.copyOf(factories);
    this.classNames = Map.copyOf(classNames);
    this.region = region;
    this.settings = settings;
  }

  /** The settings the handlers are constructed with. */
  LocalSettings settings() {
    return settings;
  }

  /**
   * Invokes the function with an event object; it is handed over as is when the handler takes its
   * type (the HTTP path), and converted through JSON otherwise. Returns the handler's result object
   * (for a stream handler: its output as a JSON string).
   */
  Object invoke(FunctionSpec function, Object event) {
    Loaded handler = load(function);
    if (handler.stream()) {
      return invokeStream(function, handler, toJson(event));
    }
    Object input =
        rawClass(handler.inputType()).isInstance(event)
            ? event
            : fromJson(toJson(event), handler.inputType());
    return call(function, handler, input);
  }

  /** Invokes the function with a JSON event and returns its result as JSON, as Lambda's Invoke. */
  public String invokeJson(FunctionSpec function, String eventJson) {
    Loaded handler = load(function);
    if (handler.stream()) {
      return invokeStream(function, handler, eventJson);
    }
    Object input;
    try {
      input = fromJson(eventJson, handler.inputType());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the event is not a valid " + handler.inputType().getTypeName() + " JSON document", e);
    }
    return toJson(call(function, handler, input));
  }

  /** The type the function's {@code handleRequest} declares for its event. */
  Type inputType(FunctionSpec function) {
    return load(function).inputType();
  }

  @SuppressWarnings("unchecked")
  private Object call(FunctionSpec function, Loaded handler, Object input) {
    Context context = new LocalContext(function, region);
    try {
      return ((RequestHandler<Object, Object>) handler.handler()).handleRequest(input, context);
    } catch (Exception | LinkageError | AssertionError e) {
      throw new FunctionFailedException(function.id(), false, e);
    }
  }

  private String invokeStream(FunctionSpec function, Loaded handler, String eventJson) {
    Context context = new LocalContext(function, region);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      ((RequestStreamHandler) handler.handler())
          .handleRequest(
              new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)),
              output,
              context);
    } catch (Exception | LinkageError | AssertionError e) {
      throw new FunctionFailedException(function.id(), false, e);
    }
    return output.toString(StandardCharsets.UTF_8);
  }

  private Loaded load(FunctionSpec function) {
    Loaded existing = loaded.get(function.id());
    if (existing != null) {
      return existing;
    }
    synchronized (locks.computeIfAbsent(function.id(), id -> new Object())) {
      existing = loaded.get(function.id());
      if (existing != null) {
        return existing;
      }
      long started = System.nanoTime();
      Object handler = instantiate(function);
      Loaded made = describe(function, handler);
      loaded.put(function.id(), made);
      LOG.info(
          "function {} initialised ({} ms)",
          function.id(),
          (System.nanoTime() - started) / 1_000_000L);
      return made;
    }
  }

  private static Optional<Constructor<?>> constructor(Class<?> type, Class<?>... parameters) {
    try {
      return Optional.of(type.getConstructor(parameters));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  private Object instantiate(FunctionSpec function) {
    Supplier<Object> factory = factories.get(function.id());
    if (factory != null) {
      try {
        return factory.get();
      } catch (RuntimeException e) {
        throw new FunctionFailedException(function.id(), true, e);
      }
    }
    String className = classNames.getOrDefault(function.id(), function.handlerClass());
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new FunctionUnavailableException(
          function.id(), "handler class " + className + " is not on the classpath", e);
    }
    if (!RequestHandler.class.isAssignableFrom(type)
        && !RequestStreamHandler.class.isAssignableFrom(type)) {
      throw new FunctionUnavailableException(
          function.id(), className + " is not a RequestHandler or RequestStreamHandler", null);
    }
    try {
      // The handler's constructor on settings when it has one (every function of ours has):
      // the cloud's configuration, handed over rather than set process-wide.
      Optional<Constructor<?>> onSettings = constructor(type, Config.class);
      if (onSettings.isPresent()) {
        return onSettings.get().newInstance(settings.config());
      }
      return type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new FunctionUnavailableException(
          function.id(), className + " has no public no-arg constructor", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof NoClassDefFoundError) {
        throw new FunctionUnavailableException(
            function.id(), "a class " + className + " needs is not on the classpath", cause);
      }
      throw new FunctionFailedException(function.id(), true, cause);
    } catch (NoClassDefFoundError e) {
      throw new FunctionUnavailableException(
          function.id(), "a class " + className + " needs is not on the classpath", e);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new FunctionFailedException(function.id(), true, e);
    }
  }

  private static Loaded describe(FunctionSpec function, Object handler) {
    if (handler instanceof RequestStreamHandler) {
      return new Loaded(handler, byte[].class, true);
    }
    if (!(handler instanceof RequestHandler<?, ?>)) {
      throw new FunctionUnavailableException(
          function.id(), handler.getClass().getName() + " is not a RequestHandler", null);
    }
    Type input = Object.class;
    for (Method method : handler.getClass().getMethods()) {
      if (method.getName().equals("handleRequest")
          && method.getParameterCount() == 2
          && method.getParameterTypes()[1] == Context.class
          && !method.isBridge()
          && !method.isSynthetic()) {
        Type candidate = method.getGenericParameterTypes()[0];
        if (input == Object.class || rawClass(candidate) != Object.class) {
          input = candidate;
        }
      }
    }
    return new Loaded(handler, input, false);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FunctionHost.class.getClassLoader();
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  /** JSON to the given type with the serialisers Lambda's Java runtime uses. */
  static Object fromJson(String json, Type type) {
    Class<?> raw = rawClass(type);
    if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
      return LambdaEventSerializers.serializerFor(raw, classLoader()).fromJson(json);
    }
    return JacksonFactory.getInstance().getSerializer(type).fromJson(json);
  }

  /** An object to JSON with the serialisers Lambda's Java runtime uses. */
  @SuppressWarnings("unchecked")
  static String toJson(Object value) {
    if (value == null) {
      return "null";
    }
    Class<Object> type = (Class<Object>) value.getClass();
    PojoSerializer<Object> serializer =
        LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
            ? LambdaEventSerializers.serializerFor(type, classLoader())
            : JacksonFactory.getInstance().getSerializer(type);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(value, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
