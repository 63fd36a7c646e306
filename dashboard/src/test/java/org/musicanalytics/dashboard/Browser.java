package org.musicanalytics.dashboard;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Test fixture: Debian's headless Chromium driven through its chromedriver, both named by
 * path. Without them the page tests are skipped, unless
 * {@code MUSIC_ANALYTICS_REQUIRE_CHROMIUM=1}, when they fail.
 */
final class Browser {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  /** A headless Chromium with a fresh profile in {@code profile}, 1400 × 1800. */
  static ChromeDriver start(Path profile) throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!"1".equals(System.getenv("MUSIC_ANALYTICS_REQUIRE_CHROMIUM"))) {
      assumeThat(present).as("chromium and chromedriver at /usr/bin").isTrue();
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + Files.createDirectories(profile),
        "--window-size=1400,1800");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 1800));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
