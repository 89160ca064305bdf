package io.aiges.server.http;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Params;
import io.aiges.api.WrapperSession;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.service.Service;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The streaming demo page in Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver: a person types, partial results appear after each word and the final one after
 * Finish, each equal to what the example engine computes for the same chunks.
 */
class StreamDemoPageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestServer server;
    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.javaEngine(RunningTextEngine.class, new PoolConfig(1, 0, Duration.ZERO),
                Duration.ofSeconds(10), 1 << 20);
        chromium = HeadlessChromium.start();
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void typedWordsStreamAsFramesAndShowTheEnginesPartialAndFinalResults() throws Exception {
        List<String> chunks = List.of("hello ", "streaming ", "world");
        List<String> expected = whatTheEngineComputes(chunks);
        browser.get("http://127.0.0.1:" + server.port() + StreamDemoPage.PATH + "?service=" + TestServer.SERVICE);
        WebElement text = browser.findElement(By.id("text"));

        text.sendKeys(chunks.get(0));
        awaitText("partial", expected.get(0));
        text.sendKeys(chunks.get(1));
        awaitText("partial", expected.get(1));
        text.sendKeys(chunks.get(2));
        browser.findElement(By.id("finish")).click();
        awaitText("final", expected.get(2));
        awaitText("state", "done");

        List<WebElement> frames = browser.findElements(By.cssSelector("#frames li.frame"));
        assertThat(frames).extracting(frame -> frame.getDomAttribute("data-status")).containsExactly("1", "1", "2");
        assertThat(frames).extracting(frame -> frame.getDomAttribute("data-code")).containsOnly("0");
        assertThat(frames.get(2).getText()).contains("\"seq\":\"2\"");
        awaitIdle();
    }

    @Test
    void withoutAMicrophoneThePageSaysSoAndTypingStillWorks() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + StreamDemoPage.PATH);
        browser.findElement(By.id("mic")).click();
        new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.id("state")).getText().contains("type text instead"));

        browser.findElement(By.id("text")).sendKeys("typed");
        browser.findElement(By.id("finish")).click();
        awaitText("final", whatTheEngineComputes(List.of("typed")).getLast());
        awaitIdle();
    }

    /** The example engine's results for {@code chunks} sent as one session, computed in process. */
    private static List<String> whatTheEngineComputes(List<String> chunks) throws Exception {
        WrapperSession session = new RunningTextEngine().create(Params.EMPTY);
        List<String> results = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            DataStatus status = i == chunks.size() - 1 ? DataStatus.END : i == 0 ? DataStatus.BEGIN : DataStatus.CONTINUE;
            session.write(List.of(DataItem.text("text", chunks.get(i)).withStatus(status)));
            results.add(session.read().getLast().asText());
        }
        session.destroy();
        return results;
    }

    private static void awaitText(String id, String expected) {
        WebElement element = browser.findElement(By.id(id));
        try {
            new WebDriverWait(browser, WAIT).until(b -> element.getText().strip().equals(expected.strip()));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("#" + id + " shows '" + element.getText() + "', expected '" + expected.strip() + "'; page state: "
                    + browser.findElement(By.id("state")).getText());
        }
    }

    private static void awaitIdle() throws InterruptedException {
        Service service = server.server().services().get(TestServer.SERVICE);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (service.pool().idleCount() < 1 || service.sessions().size() > 0) {
            assertThat(System.nanoTime()).as("the session ended and its instance is back in the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
