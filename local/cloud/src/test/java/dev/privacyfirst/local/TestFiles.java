package dev.privacyfirst.local;

import dev.privacyfirst.common.topology.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class TestFiles {
  private TestFiles() {}

  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // temp files; the OS cleans up eventually
    }
  }

  /** The repository's events/ folder (tests run in local/cloud). */
  static Path events() {
    return Repository.root().resolve("events");
  }
}
