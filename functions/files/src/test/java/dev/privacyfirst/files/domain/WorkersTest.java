package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class WorkersTest {
  @Test
  void allReturnsResultsInTaskOrderWhateverThePoolSize() {
    for (int parallelism : new int[] {1, 2, 3}) {
      try (Workers workers = new Workers(parallelism)) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          int n = i;
          tasks.add(() -> n * n);
        }
        List<Integer> out = workers.all(tasks);
        for (int i = 0; i < 50; i++) {
          assertThat(out.get(i)).isEqualTo(i * i);
        }
      }
    }
  }

  @Test
  void aFailingTaskFailsTheWholeCallWithItsOwnException() {
    try (Workers workers = new Workers(2)) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        tasks.add(
            () -> {
              if (n == 7) {
                throw new IllegalArgumentException("task 7");
              }
              return n;
            });
      }
      assertThatThrownBy(() -> workers.all(tasks))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("task 7");
    }
  }

  @Test
  void submitWithoutAPoolRunsInline() {
    try (Workers workers = Workers.inline()) {
      assertThat(Workers.join(workers.submit(() -> Thread.currentThread().getName())))
          .isEqualTo(Thread.currentThread().getName());
    }
  }
}
