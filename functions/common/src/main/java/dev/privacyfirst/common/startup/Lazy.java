package dev.privacyfirst.common.startup;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and kept: for what a function needs on some requests only (an SDK
 * client of a service the first request may not call), so that building it does not lengthen every
 * cold start. SnapStart priming still builds it before the snapshot by using it.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = factory;
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(Objects.requireNonNull(factory));
  }

  @Override
  public T get() {
    T current = value;
    if (current == null) {
      synchronized (this) {
        current = value;
        if (current == null) {
          current = Objects.requireNonNull(factory.get(), "factory returned null");
          value = current;
        }
      }
    }
    return current;
  }

  /** Whether the value has been made. */
  public boolean isMade() {
    return value != null;
  }
}
