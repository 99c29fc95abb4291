package dev.privacyfirst.files.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small pool for the CPU work of one upload (chunk hashing, compression, encryption) and the
 * vault writes that follow: {@code parallelism - 1} daemon threads plus the calling thread, which
 * always takes part, so a parallelism of 1 runs everything inline. Created once per container.
 */
public final class Workers implements AutoCloseable {
  private final int parallelism;
  private final ExecutorService pool;

  public Workers(int parallelism) {
    this.parallelism = Math.max(1, parallelism);
    this.pool =
        this.parallelism == 1
            ? null
            : Executors.newFixedThreadPool(
                this.parallelism - 1,
                r -> {
                  Thread t = new Thread(r, "files-worker");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Everything inline on the caller. */
  public static Workers inline() {
    return new Workers(1);
  }

  public int parallelism() {
    return parallelism;
  }

  /** Starts a task in the background (inline when there is no pool). */
  public <T> Future<T> submit(Callable<T> task) {
    if (pool == null) {
      try {
        return CompletableFuture.completedFuture(task.call());
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return pool.submit(task);
  }

  /** Runs the tasks on the pool and the caller, and returns their results in order. */
  public <T> List<T> all(List<? extends Callable<T>> tasks) {
    int n = tasks.size();
    AtomicInteger next = new AtomicInteger();
    AtomicReferenceArray<T> results = new AtomicReferenceArray<>(n);
    Runnable runner =
        () -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            results.set(i, call(tasks.get(i)));
          }
        };
    List<Future<?>> helpers = new ArrayList<>();
    if (pool != null) {
      for (int h = 0; h < Math.min(parallelism - 1, n - 1); h++) {
        helpers.add(pool.submit(runner));
      }
    }
    RuntimeException failure = null;
    try {
      runner.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(n); // stop the helpers from starting more
    }
    for (Future<?> helper : helpers) {
      try {
        join(helper);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(results.get(i));
    }
    return out;
  }

  /** The task's result; its unchecked failure rethrown as is. */
  public static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
