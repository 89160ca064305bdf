package io.aiges.server.http;

import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original documentation's user on Swagger UI, in a real headless Chromium: open the page,
 * open {@code POST /v1/svcName}, "Try it out", "Execute" with nothing typed, and the embedded
 * MNIST demo answers 7 for the example (the seed request's picture) the page filled in.
 */
class SwaggerUiBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws IOException {
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        server = TestServer.start(mnist, new PoolConfig(1, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10), 1 << 20);
        chromium = HeadlessChromium.start();
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
    void tryItOutThenExecuteAnswersSeven() {
        WebDriver browser = chromium.browser();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[id$='callAIAbility_svcName']")));
        operation.findElement(By.cssSelector(".opblock-summary")).click();
        // Found only once the expanded operation has rendered (searching at once races it).
        wait.until(ExpectedConditions.elementToBeClickable(wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                operation, By.cssSelector(".try-out__btn"))))).click();
        // What "Try it out" puts in the body is the example: nothing is typed.
        String body = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation,
                By.cssSelector("textarea.body-param__text"))).getDomProperty("value");
        assertThat(body).contains("\"img\"").contains("iVBORw0KGgo");
        wait.until(ExpectedConditions.elementToBeClickable(wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                operation, By.cssSelector("button.execute"))))).click();
        WebElement answer = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation,
                By.cssSelector(".live-responses-table .response-col_description pre")));
        wait.until(b -> answer.getText().contains("result"));
        assertThat(answer.getText()).contains("\\\"result\\\": 7").contains("\"code\": 0");
    }
}
