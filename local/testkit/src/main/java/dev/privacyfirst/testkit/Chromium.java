package dev.privacyfirst.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium with its chromedriver, as the browser tests drive it: installed on first use
 * when missing (the test is skipped, saying why, when it cannot be), headless, on a profile of its
 * own, and otherwise with the browser's default settings. Modules that use it bring
 * selenium-chrome-driver themselves (the test kit declares it as provided).
 */
public final class Chromium {
  private Chromium() {}

  public static final String BINARY = "/usr/bin/chromium";
  public static final String DRIVER = "/usr/bin/chromedriver";

  /** Installs Chromium and chromedriver when missing; aborts the test (skipped) when it cannot. */
  public static void ensureInstalled() throws IOException, InterruptedException {
    if (!installed()) {
      Path script = Files.createTempFile("install-chromium", ".sh");
      try (InputStream in = Chromium.class.getResourceAsStream("install-chromium.sh")) {
        if (in == null) {
          throw new IllegalStateException("install-chromium.sh is missing from the test kit");
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Process install =
            new ProcessBuilder("sh", script.toString())
                .inheritIO()
                .redirectErrorStream(true)
                .start();
        if (!install.waitFor(10, TimeUnit.MINUTES)) {
          install.destroyForcibly();
        }
      } finally {
        Files.deleteIfExists(script);
      }
    }
    if (!installed()) {
      String reason =
          "SKIPPED: Chromium and chromedriver are not installed and could not be installed"
              + " (apt-get install chromium chromium-driver failed)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
  }

  private static boolean installed() {
    return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER));
  }

  /**
   * Headless, on this profile directory, with nothing changed that a person's browser would have
   * (no flags that relax privacy, storage or network behaviour); only what a headless run in a
   * container needs and what keeps the browser from calling home during a test.
   */
  public static ChromeOptions options(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    return options;
  }

  /** A driver for these options, through Debian's chromedriver. */
  public static ChromeDriver start(ChromeOptions options) {
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
    return new ChromeDriver(service, options);
  }
}
