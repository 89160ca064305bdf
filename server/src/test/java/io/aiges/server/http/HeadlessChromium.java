package io.aiges.server.http;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver, with a profile of
 * its own that is deleted on close. Chromium missing is a failure, not a skip: the test command
 * installs it (tools/test-deps.sh).
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final WebDriver browser;

    private HeadlessChromium(Path profile, WebDriver browser) {
        this.profile = profile;
        this.browser = browser;
    }

    static HeadlessChromium start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("this test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver, as ./run-tests does");
        }
        Path profile = Files.createTempDirectory("aiges-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile);
        // The driver named here means Selenium Manager is never asked (it would download one).
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(profile.toFile(), "chromedriver.log"))
                .build();
        return new HeadlessChromium(profile, new ChromeDriver(driver, options));
    }

    WebDriver browser() {
        return browser;
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
