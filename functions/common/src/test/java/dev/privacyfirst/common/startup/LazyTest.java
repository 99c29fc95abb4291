package dev.privacyfirst.common.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void theValueIsMadeOnFirstUseOnlyAndThenKept() {
    AtomicInteger made = new AtomicInteger();
    Lazy<Object> lazy = Lazy.of(() -> "made " + made.incrementAndGet());

    assertThat(lazy.isMade()).isFalse();
    assertThat(made.get()).isZero();

    assertThat(lazy.get()).isEqualTo("made 1");
    assertThat(lazy.get()).isEqualTo("made 1");
    assertThat(lazy.isMade()).isTrue();
    assertThat(made.get()).isEqualTo(1);
  }

  @Test
  void concurrentFirstUsesMakeTheValueOnce() throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.of(made::incrementAndGet);
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    lazy.get();
                  });
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(made.get()).isEqualTo(1);
    assertThat(lazy.get()).isEqualTo(1);
  }
}
