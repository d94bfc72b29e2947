package io.inkstone.compose;

import io.inkstone.brief.Brief;
import io.inkstone.brief.GenerationOverrides;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.ChatMessage;
import io.inkstone.prompt.BuiltInTemplate;
import io.inkstone.prompt.PromptBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a brief into a finished Markdown piece with a {@link Generator}.
 *
 * <p>A short brief is one request ({@link PromptBuilder#forBrief}). A long one (target length at least
 * {@link ComposeSettings#longFormThreshold()}, or a brief with an {@code outline}) is written outline first,
 * then section by section, each section prompt carrying the brief, the whole outline, the section's heading
 * and length budget, the end of the previous section and a running summary. Every part is continued when
 * max_new_tokens cuts it off, watched for repetition loops, and cleaned ({@link MarkdownCleaner}). With a
 * checkpoint file, progress is saved after the outline and after every finished section, and a later call
 * for the same brief resumes from there; the file is deleted once the piece is complete.
 *
 * <p>Each {@code write} call keeps its state to itself, so calls may overlap (the generator queues them).
 */
public final class Composer {

    /** Outline replies are usable with this many sections or more. */
    static final int MIN_SECTIONS = 2;
    /** Tokens expected for an outline reply, for the time-left estimate. */
    private static final int OUTLINE_TOKEN_ESTIMATE = 200;
    /** How many characters of a section's first sentence go into the running summary. */
    private static final int SUMMARY_SENTENCE_CHARACTERS = 120;

    private final Generator generator;
    private final PromptBuilder prompts;
    private final ComposeSettings settings;

    public Composer(Generator generator, PromptBuilder prompts, ComposeSettings settings) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Writes the piece.
     *
     * @param brief          a validated brief
     * @param checkpointFile where progress is kept for resuming (long pieces), or null for no resume
     * @param progress       stage, section and token progress
     * @param cancellation   the caller's cancellation (checked between and during requests)
     * @throws ComposeCancelledException when cancelled; finished sections stay in the checkpoint
     */
    public ComposedPiece write(Brief brief, Path checkpointFile, ComposeProgress progress, Cancellation cancellation) {
        Objects.requireNonNull(brief, "brief");
        return new Run(brief, checkpointFile, progress == null ? ComposeProgress.NONE : progress,
                cancellation == null ? new Cancellation() : cancellation).write();
    }

    /** True when the brief is written outline first. */
    boolean isLongForm(Brief brief) {
        return !brief.outline().isEmpty() || brief.autoOutline()
                || LengthPlan.targetFor(brief).value() >= settings.longFormThreshold();
    }

    /** The writing defaults with the brief's overrides on top (max_new_tokens is set per request). */
    static SamplingOptions samplingFor(GenerationOverrides overrides) {
        SamplingOptions d = SamplingOptions.writingDefaults();
        return new SamplingOptions(
                orDefault(overrides.temperature(), d.temperature()),
                orDefault(overrides.topK(), d.topK()),
                orDefault(overrides.topP(), d.topP()),
                orDefault(overrides.minP(), d.minP()),
                orDefault(overrides.repetitionPenalty(), d.repetitionPenalty()),
                d.presencePenalty(),
                d.maxNewTokens(),
                orDefault(overrides.seed(), d.seed()),
                d.stopStrings(),
                false);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** One {@code write} call: the brief, its settings and what has been done so far. */
    private final class Run {
        private final Brief brief;
        private final ComposeProgress progress;
        private final Cancellation cancellation;
        private final ProgressMeter meter;
        private final Length target;
        private final LengthUnit unit;
        private final SamplingOptions sampling;
        private final boolean thinking;
        private final int tokenCap;
        private final long startNanos = System.nanoTime();
        private Path checkpointFile;

        Run(Brief brief, Path checkpointFile, ComposeProgress progress, Cancellation cancellation) {
            this.brief = brief;
            this.checkpointFile = checkpointFile;
            this.progress = progress;
            this.cancellation = cancellation;
            this.meter = new ProgressMeter(progress);
            this.target = LengthPlan.targetFor(brief);
            this.unit = target.unit();
            this.sampling = samplingFor(brief.generation());
            this.thinking = Boolean.TRUE.equals(brief.generation().thinking());
            this.tokenCap = orDefault(brief.generation().maxNewTokens(), settings.sectionMaxNewTokens());
        }

        ComposedPiece write() {
            return isLongForm(brief) ? writeLongForm() : writeOneShot();
        }

        // ---- one-shot ----

        private ComposedPiece writeOneShot() {
            progress.stage("piece");
            meter.expectMore(LengthPlan.estimatedTokens(target.value(), unit));
            PartDraft draft = draft(brief.title(), prompts.forBrief(brief), target.value(), sampling.seed());
            generateStreaming(draft);
            noteLoop(draft);
            progress.stage("clean-up");
            return piece(MarkdownCleaner.cleanPiece(draft.text(), brief.title()), List.of(draft.report()));
        }

        // ---- long form ----

        private ComposedPiece writeLongForm() {
            Checkpoint checkpoint = resumableCheckpoint();
            if (checkpoint == null) {
                checkpoint = planOutline();
                save(checkpoint);
            }
            List<String> outline = checkpoint.outline();
            List<Integer> budgets = LengthPlan.split(target.value(), outline.size());
            Map<Integer, Checkpoint.FinishedSection> finished = new TreeMap<>();
            for (Checkpoint.FinishedSection section : checkpoint.sections()) finished.put(section.index(), section);

            progress.stage("sections");
            int remainingLength = 0;
            for (int i = 0; i < outline.size(); i++) if (!finished.containsKey(i)) remainingLength += budgets.get(i);
            meter.expectMore(LengthPlan.estimatedTokens(remainingLength, unit));
            checkpoint = writeSectionsInOrder(checkpoint, budgets, finished);

            progress.stage("clean-up");
            StringBuilder assembled = new StringBuilder("# ").append(brief.title()).append("\n\n");
            List<PartReport> reports = new ArrayList<>(checkpoint.outlineReports());
            for (int i = 0; i < outline.size(); i++) {
                Checkpoint.FinishedSection section = finished.get(i);
                assembled.append("## ").append(section.heading()).append("\n\n").append(section.text()).append("\n\n");
                reports.add(section.report());
            }
            ComposedPiece piece = piece(MarkdownCleaner.cleanPiece(assembled.toString(), brief.title()), reports);
            deleteCheckpoint();
            return piece;
        }

        /** The user's outline, or the model's (asked twice, the second time strictly), or the type's default. */
        private Checkpoint planOutline() {
            if (!brief.outline().isEmpty()) return Checkpoint.start(brief, brief.outline(), List.of());
            progress.stage("outline");
            int sectionCount = Math.clamp(Math.round((double) target.value() / settings.sectionLength()),
                    MIN_SECTIONS, settings.maxSections());
            List<PartReport> reports = new ArrayList<>();
            for (boolean strict : new boolean[] {false, true}) {
                meter.expectMore(OUTLINE_TOKEN_ESTIMATE);
                Map<String, Object> variables = Map.of(
                        "sectionCount", sectionCount, "targetLength", target.toString(), "strict", strict);
                List<ChatMessage> messages = prompts.expand(BuiltInTemplate.OUTLINE.templateName(), brief, variables);
                GenerationRequest request = new GenerationRequest(messages, null, "", thinking,
                        sampling.withMaxNewTokens(settings.outlineMaxNewTokens()));
                PartDraft draft = new PartDraft("outline", request, 0, unit, settings.maxContinuations(), detector());
                generateStreaming(draft);
                reports.add(draft.report());
                Optional<List<String>> outline = OutlineParser.parse(draft.text(), MIN_SECTIONS, settings.maxSections());
                if (outline.isPresent()) return Checkpoint.start(brief, outline.get(), reports);
                progress.note(strict ? "the model's outline was unusable again; using the default structure for a "
                        + (brief.type() == null ? "piece" : brief.type().yamlName())
                        : "the model's outline was unusable; asking again, more strictly");
            }
            return Checkpoint.start(brief, FallbackOutline.forBrief(brief), reports);
        }

        private Checkpoint writeSectionsInOrder(Checkpoint checkpoint, List<Integer> budgets,
                                                Map<Integer, Checkpoint.FinishedSection> finished) {
            List<String> outline = checkpoint.outline();
            for (int i = 0; i < outline.size(); i++) {
                if (finished.containsKey(i)) continue;
                progress.section(i + 1, outline.size(), outline.get(i));
                PartDraft draft = sectionDraft(outline, i, budgets.get(i), finished);
                generateStreaming(draft);
                checkpoint = finish(checkpoint, i, draft, finished);
            }
            return checkpoint;
        }

        private PartDraft sectionDraft(List<String> outline, int index, int budget,
                                       Map<Integer, Checkpoint.FinishedSection> before) {
            Checkpoint.FinishedSection previous = before.get(index - 1);
            Map<String, Object> variables = new HashMap<>();
            variables.put("outline", outline);
            variables.put("sectionIndex", index + 1);
            variables.put("sectionCount", outline.size());
            variables.put("sectionHeading", outline.get(index));
            variables.put("sectionBudget", new Length(budget, unit).toString());
            variables.put("previousTail", previous == null ? "" : Sentences.tail(previous.text(), settings.previousTailCharacters()));
            variables.put("summary", summaryBefore(index, before));
            return draft(outline.get(index), prompts.expand(BuiltInTemplate.SECTION.templateName(), brief, variables), budget, sampling.seed() + index + 1);
        }

        /** Model-free running summary: each earlier section's heading and first sentence, oldest dropped first. */
        private String summaryBefore(int index, Map<Integer, Checkpoint.FinishedSection> before) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < index; i++) {
                Checkpoint.FinishedSection section = before.get(i);
                if (section == null) continue;
                String sentence = Sentences.firstSentence(section.text(), SUMMARY_SENTENCE_CHARACTERS);
                if (!sentence.isEmpty()) lines.add(section.heading() + (brief.isCjk() ? "：" : ": ") + sentence);
            }
            int length = lines.stream().mapToInt(line -> line.length() + 1).sum();
            while (!lines.isEmpty() && length > settings.summaryCharacters()) length -= lines.removeFirst().length() + 1;
            return String.join("\n", lines);
        }

        private Checkpoint finish(Checkpoint checkpoint, int index, PartDraft draft,
                                  Map<Integer, Checkpoint.FinishedSection> finished) {
            noteLoop(draft);
            String text = MarkdownCleaner.cleanSection(draft.text(), draft.heading(), brief.title());
            Checkpoint.FinishedSection section = new Checkpoint.FinishedSection(index, draft.heading(), text, draft.report());
            finished.put(index, section);
            Checkpoint updated = checkpoint.with(section);
            save(updated);
            return updated;
        }

        // ---- generation ----

        private PartDraft draft(String heading, List<ChatMessage> messages, int budget, long seed) {
            int maxNewTokens = LengthPlan.maxNewTokensFor(budget, unit, tokenCap);
            GenerationRequest request = new GenerationRequest(messages, null, "", thinking,
                    sampling.withMaxNewTokens(maxNewTokens).withSeed(seed));
            return new PartDraft(heading, request, budget, unit, settings.maxContinuations(), detector());
        }

        private RepetitionDetector detector() {
            return new RepetitionDetector(settings.loopMinRepeats(), settings.loopMinCharacters());
        }

        /** Runs a part to its end, one request at a time, cancelling a request that falls into a loop. */
        private void generateStreaming(PartDraft draft) {
            while (!draft.done()) {
                throwIfCancelled();
                Cancellation requestCancellation = new Cancellation();
                GenerationResult result = generator.generate(draft.nextRequest(), new GenerationListener() {
                    @Override public void onText(String delta) {
                        if (draft.watch(delta)) requestCancellation.cancel("repetition loop");
                        propagateCancellation(requestCancellation);
                    }
                    @Override public void onProgress(int generatedTokens, int maxNewTokens, double tokensPerSecond) {
                        meter.token();
                        propagateCancellation(requestCancellation);
                    }
                }, requestCancellation);
                meter.finished(result.generatedTokens());
                throwIfCancelled();
                draft.accept(result, true);
            }
        }

        private void propagateCancellation(Cancellation request) {
            if (cancellation.isCancelled()) request.cancel(cancellation.reason());
        }

        private void throwIfCancelled() {
            if (!cancellation.isCancelled()) return;
            String saved = checkpointFile == null ? "" : "; finished sections are saved in " + checkpointFile;
            throw new ComposeCancelledException("writing '" + brief.title() + "' was cancelled (" + cancellation.reason() + ")" + saved);
        }

        private void noteLoop(PartDraft draft) {
            if (draft.loopDetected()) progress.note("'" + draft.heading() + "' fell into a repetition loop; the repeats were cut off");
        }

        // ---- checkpoint ----

        /** The checkpoint to resume from, or null (none, unreadable, or for another version of the brief). */
        private Checkpoint resumableCheckpoint() {
            if (checkpointFile == null || !Files.exists(checkpointFile)) return null;
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.read(checkpointFile);
            } catch (IOException e) {
                progress.note("cannot read checkpoint " + checkpointFile + " (" + e.getMessage() + "); starting over");
                return null;
            }
            if (checkpoint.version() != Checkpoint.FORMAT_VERSION || !Checkpoint.hashOf(brief).equals(checkpoint.briefHash())) {
                progress.note("checkpoint " + checkpointFile + " is for another version of this brief; starting over");
                return null;
            }
            progress.note("resuming from " + checkpointFile + ": " + checkpoint.sections().size() + " of "
                    + checkpoint.outline().size() + " sections already written");
            return checkpoint;
        }

        private void save(Checkpoint checkpoint) {
            if (checkpointFile == null) return;
            try {
                checkpoint.write(checkpointFile);
            } catch (UncheckedIOException e) {
                progress.note(e.getMessage() + "; continuing without saving progress");
                checkpointFile = null;
            }
        }

        private void deleteCheckpoint() {
            if (checkpointFile == null) return;
            try {
                Files.deleteIfExists(checkpointFile);
            } catch (IOException e) {
                progress.note("cannot delete finished checkpoint " + checkpointFile + ": " + e.getMessage());
            }
        }

        // ---- result ----

        private ComposedPiece piece(String markdown, List<PartReport> parts) {
            String body = markdown.substring(markdown.indexOf('\n') + 1);
            int totalTokens = parts.stream().mapToInt(PartReport::generatedTokens).sum();
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            return new ComposedPiece(brief.title(), markdown, target, LengthCounter.count(body, unit), parts, totalTokens,
                    took, generator.modelName());
        }
    }
}
