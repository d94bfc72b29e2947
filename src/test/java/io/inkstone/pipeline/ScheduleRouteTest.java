package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedule briefs: registered from the inbox, fired by Quartz, updated and removed with their files. */
class ScheduleRouteTest {

    @TempDir
    Path root;

    static String scheduled(String title, String cron) {
        return PipelineFixture.brief(title) + "schedule:\n  cron: \"" + cron + "\"\n  timezone: UTC\n";
    }

    static List<String> scheduleRoutes(InkstonePipeline pipeline) {
        return pipeline.camelContext().getRoutes().stream().map(Route::getRouteId).filter(id -> id.startsWith("schedule-")).toList();
    }

    static String endpointOf(InkstonePipeline pipeline) {
        return pipeline.camelContext().getRoutes().stream().filter(r -> r.getRouteId().startsWith("schedule-")).findFirst()
                .orElseThrow().getEndpoint().getEndpointUri();
    }

    @Test
    void should_fire_a_short_cron_schedule_and_write_dated_notes() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.schedule.minInterval=1");
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        Path schedule = f.settings.folders().schedules().resolve("tick.yaml");
        try (InkstonePipeline pipeline = f.start(model)) {
            f.drop("tick.yaml", scheduled("Tick", "0/1 * * * * ?"));
            Await.until("schedule registered", () -> Files.exists(schedule) && scheduleRoutes(pipeline).size() == 1);
            Await.until("two firings", () -> f.files(f.vault, "*.md").size() >= 2);

            Files.delete(schedule);
            Await.until("job removed", () -> scheduleRoutes(pipeline).isEmpty());
        }
        String today = LocalDate.now().toString(); // the test double writes notes dated in the local time zone
        assertThat(f.files(f.vault, "*.md")).extracting(p -> p.getFileName().toString())
                .contains(today + " Tick.md", today + " Tick (2).md");
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
        assertThat(new Ledger(f.settings.folders().ledger()).entries()).extracting(Ledger.Entry::event)
                .contains(Ledger.Event.SCHEDULED, Ledger.Event.FIRED);
    }

    @Test
    void should_keep_a_failing_schedule_registered_with_its_error_beside_it() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.schedule.minInterval=1");
        Path report = f.settings.folders().schedules().resolve("tick.error.md");
        try (InkstonePipeline pipeline = f.start(new FakeGenerators.Broken())) {
            f.drop("tick.yaml", scheduled("Tick", "0/1 * * * * ?"));
            Await.until("error beside the schedule", () -> Files.exists(report));
            assertThat(scheduleRoutes(pipeline)).hasSize(1);
        }
        assertThat(Files.readString(report)).contains("**Stage:** compose", "the model ran out of memory", "still registered",
                "runs again at its next time");
        assertThat(f.settings.folders().schedules().resolve("tick.yaml")).exists();
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
    }

    @Test
    void should_replace_a_schedule_dropped_again_and_keep_the_old_version_in_the_archive() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        Path schedule = f.settings.folders().schedules().resolve("daily.yaml");
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("daily.yaml", scheduled("Daily", "0 0 7 * * ?"));
            Await.until("registered", () -> scheduleRoutes(pipeline).size() == 1);
            f.drop("daily.yaml", scheduled("Daily", "0 30 6 * * ?"));
            Await.until("replaced", () -> !f.files(f.inbox.resolve("archive"), "daily.yaml").isEmpty()
                    && scheduleRoutes(pipeline).size() == 1 && endpointOf(pipeline).contains("cron=0+30+6"));
        }
        assertThat(Files.readString(schedule)).contains("0 30 6 * * ?");
        assertThat(Files.readString(f.files(f.inbox.resolve("archive"), "daily.yaml").getFirst())).contains("0 0 7 * * ?");
    }

    @Test
    void should_follow_edits_of_a_schedule_file_and_report_a_broken_one_beside_it() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        Path schedules = f.settings.folders().schedules();
        Path file = schedules.resolve("daily.yaml");
        Path report = schedules.resolve("daily.error.md");
        Files.createDirectories(schedules);
        Files.writeString(file, scheduled("Daily", "0 0 7 * * ?"));
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("registered at start", () -> scheduleRoutes(pipeline).size() == 1);
            assertThat(endpointOf(pipeline)).contains("cron=0+0+7");

            Files.writeString(file, scheduled("Daily", "0 30 8 * * ?"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Await.until("re-registered", () -> !scheduleRoutes(pipeline).isEmpty() && endpointOf(pipeline).contains("cron=0+30+8"));

            Files.writeString(file, scheduled("Daily", "every morning"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
            Await.until("error beside the brief", () -> Files.exists(report));
            assertThat(scheduleRoutes(pipeline)).isEmpty();
            assertThat(Files.readString(report)).contains("daily.yaml:7:9:", "`schedule.cron` has 2 fields", "**Stage:** validate",
                    "not registered until it is fixed", "reads the file again as soon as it changes");

            Files.writeString(file, scheduled("Daily", "0 0 7 * * ?"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 15000));
            Await.until("fixed", () -> scheduleRoutes(pipeline).size() == 1 && Files.notExists(report));
        }
        assertThat(file).exists();
        assertThat(model.prompts).isEmpty();
    }

    @Test
    void should_treat_placeholders_in_schedule_file_names_as_plain_text_and_keep_the_others_firing() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.schedule.minInterval=1");
        Path schedules = Files.createDirectories(f.settings.folders().schedules());
        // names Camel would read as property placeholders if they reached a route template
        for (String name : List.of("x{{env:HOME}}.yaml", "{{sys:user.home}}.yaml", "{{unknown:thing}}.yaml", "{{file}}.yaml")) {
            Files.writeString(schedules.resolve(name), scheduled("Placeholder " + Math.abs(name.hashCode()), "0/1 * * * * ?"));
        }
        Files.writeString(schedules.resolve("bad.yaml"), scheduled("Bad", "99 99 * * * ?"));
        Files.writeString(schedules.resolve("tick.yaml"), scheduled("Tick", "0/1 * * * * ?"));
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            Await.until("five schedules registered", () -> scheduleRoutes(pipeline).size() == 5);
            Await.until("each fired", () -> f.files(f.vault, "*.md").stream().map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("Placeholder") || n.contains("Tick")).map(n -> n.replaceAll(" \\(\\d+\\)", ""))
                    .distinct().count() == 5);
            assertThat(pipeline.camelContext().getRoutes()).allSatisfy(route ->
                    assertThat(route.getEndpoint().getEndpointUri()).doesNotContain(System.getProperty("user.home") + "/", "{{"));
        }
        assertThat(Files.readString(schedules.resolve("bad.error.md"))).contains("99", "out of range 0–59");
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
    }

    @Test
    void should_refuse_a_schedule_that_fires_more_often_than_the_minimum_interval_with_a_located_error() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        Path schedules = f.settings.folders().schedules();
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("often.yaml", scheduled("Often", "* * * * * ?"));
            Await.until("report in failed/", () -> !f.files(f.inbox.resolve("failed"), "often.error.md").isEmpty());
            assertThat(scheduleRoutes(pipeline)).isEmpty();
        }
        assertThat(Files.readString(f.files(f.inbox.resolve("failed"), "often.error.md").getFirst()))
                .contains("often.yaml:7:9:", "1 second apart", "inkstone.schedule.minInterval");
        assertThat(f.files(schedules, "*.yaml")).isEmpty();
    }
}
