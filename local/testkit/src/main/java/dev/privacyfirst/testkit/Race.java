package dev.privacyfirst.testkit;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two writers released at the same instant: how store contract tests show that of two conditional
 * writes racing for one thing, one wins.
 */
public final class Race {
  private Race() {}

  /** Runs both on their own threads, started together, and returns their results in order. */
  public static <T> List<T> of(Callable<T> first, Callable<T> second)
      throws InterruptedException, ExecutionException {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<T> a = pool.submit(() -> after(start, first));
      Future<T> b = pool.submit(() -> after(start, second));
      return List.of(a.get(), b.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T after(CyclicBarrier start, Callable<T> task) throws Exception {
    start.await();
    return task.call();
  }
}
