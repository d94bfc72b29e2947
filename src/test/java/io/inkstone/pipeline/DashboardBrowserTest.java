package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inkstone.brief.BriefParser;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.pipeline.http.Dashboard;
import io.inkstone.pipeline.http.FrontDoor;
import io.inkstone.pipeline.http.HttpOptions;
import io.inkstone.prompt.TemplateLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium + chromium-driver): a bad brief shows its located errors, a good
 * one is queued and its tokens stream onto the page, Stop stops it, Continue resumes it, and the finished note opens.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir Path root;

    /** The tiny engine with a token cap the test lowers, so that a stopped piece can then finish quickly (a test double). */
    static final class Capped implements Generator {
        final Generator engine;
        volatile int cap = 2000;

        Capped(Generator engine) {
            this.engine = engine;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            int max = Math.min(request.sampling().maxNewTokens(), cap);
            return engine.generate(request.withSampling(request.sampling().withMaxNewTokens(max)), listener, cancellation);
        }

        @Override
        public String modelName() {
            return engine.modelName();
        }

        @Override
        public int contextLength() {
            return engine.contextLength();
        }
    }

    @Test
    void submitWatchStopContinueAndOpenTheNote() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: headless Chromium is not installed (apt-get install chromium chromium-driver)");
        PipelineFixture f = new PipelineFixture(root, "100", "none", "inkstone.compose.sectionMaxNewTokens=2000");
        Capped model = new Capped(TinyModel.engine());
        TemplateLibrary templates = f.settings.templateLibrary();
        WritingService writing = WritingService.create(f.settings, templates, model, Clock.systemDefaultZone());
        BriefParser parser = new BriefParser(templates.names());
        InkstonePipeline pipeline = InkstonePipeline.create(f.settings, parser, () -> writing, Clock.systemDefaultZone());
        FrontDoor door = new FrontDoor(HttpOptions.loopback(0), () -> model);
        new Dashboard(f.settings, parser, pipeline, () -> model).installOn(door);
        pipeline.addService(door);
        pipeline.start();

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            browser.get(door.url());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model"), "model:"));

            // a bad brief: the same located errors as `inkstone validate`, nothing queued
            type(browser, "brief-name", "bad.yaml");
            type(browser, "brief-yaml", "title: Bad\nrequirments: [x]\n");
            browser.findElement(By.id("submit-brief")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("brief-problems")));
            assertThat(browser.findElement(By.id("brief-problems")).getText())
                    .contains("bad.yaml:2:1: unknown key `requirments`").contains("missing required key `task`");
            assertThat(f.inbox.resolve("bad.yaml")).doesNotExist();

            // a good one is queued, and its tokens arrive on the page
            type(browser, "brief-name", "ink.yaml");
            type(browser, "brief-yaml", "title: 墨的故事\ntype: essay\nlanguage: en\ntask: Write about ink.\nlength: 3000 words\n"
                    + "outline: [Alpha part, Beta part, Gamma part]\n");
            browser.findElement(By.id("submit-brief")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("brief-accepted")));
            wait.until(d -> d.findElements(By.cssSelector(".stream")).stream().anyMatch(s -> s.getText().length() > 40));
            wait.until(ExpectedConditions.textMatches(By.cssSelector(".stats"), java.util.regex.Pattern.compile("section 1/3 .* tokens .* tok/s")));

            // Stop: the generation really ends, the brief waits in in-progress/ with a Continue button
            browser.findElement(By.cssSelector("button.stop")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.continue")));
            assertThat(browser.findElements(By.cssSelector(".job"))).isEmpty();
            assertThat(f.files(f.inbox.resolve("in-progress"), "ink.yaml")).hasSize(1);

            // Continue: it is written to the end (short sections now) and lands in Done
            model.cap = 8;
            browser.findElement(By.cssSelector("button.continue")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.note-link")));

            // the finished note, rendered as HTML in UTF-8
            browser.findElement(By.cssSelector("a.note-link")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("note-title")));
            assertThat(browser.findElement(By.id("note-title")).getText()).isEqualTo("墨的故事");
            assertThat(browser.getPageSource()).contains("Alpha part").contains("Gamma part");
        } finally {
            browser.quit();
            pipeline.close();
        }
    }

    private static void type(WebDriver browser, String id, String text) {
        // set the value directly: sendKeys into a textarea would auto-indent nothing, but is slow for long text
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, text);
    }
}
