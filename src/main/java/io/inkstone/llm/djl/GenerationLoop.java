package io.inkstone.llm.djl;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.Utf8StreamDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One generation on a {@link Qwen3Engine}: renders and tokenizes the prompt, prefills it (in chunks) into cache row
 * 0, then decodes one token per step; samples in Java, decodes UTF-8 safely, splits thinking from the answer,
 * watches for stop strings and honours cancellation. The engine holds its lock while this runs.
 */
final class GenerationLoop {

    private final Qwen3Engine engine;
    private final Qwen3Stepper stepper;

    GenerationLoop(Qwen3Engine engine, Qwen3Stepper stepper) {
        this.engine = engine;
        this.stepper = stepper;
    }

    GenerationResult run(GenerationRequest request, GenerationListener listener, Cancellation cancellation,
            Qwen3Engine.StepObserver observer) {
        SamplingOptions sampling = request.sampling();
        String text = engine.promptText(request);
        int[] prompt = engine.tokenizer().encode(text);
        engine.requireRoom(prompt.length);
        long started = System.nanoTime();
        stepper.reset();
        stepper.reserveCapacity(prompt.length + sampling.maxNewTokens());
        float[] logits = stepper.prefill(prompt);
        long prefilled = System.nanoTime();

        Sampler sampler = new Sampler(sampling);
        int[] context = Arrays.copyOf(prompt, Math.min(engine.contextLength(), prompt.length + sampling.maxNewTokens()));
        int length = prompt.length;
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        ThinkingSplitter splitter = new ThinkingSplitter(Qwen3Engine.startsInThinking(text));
        StopStringMatcher stops = new StopStringMatcher(sampling.stopStrings());
        Output output = new Output(listener, stops);
        List<Integer> generated = new ArrayList<>();
        StopReason reason;
        while (true) {
            if (cancellation.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            observer.onStep(generated.size(), logits);
            int next = sampler.next(logits, context, length, prompt.length);
            generated.add(next);
            context[length++] = next;
            boolean endOfSequence = !sampling.ignoreEos() && engine.generationConfig().isEndOfSequence(next);
            if (!endOfSequence) output.add(splitter.push(utf8.push(engine.tokenizer().tokenBytes(next))));
            double seconds = (System.nanoTime() - prefilled) / 1e9;
            listener.onProgress(generated.size(), sampling.maxNewTokens(), generated.size() > 1 && seconds > 0 ? (generated.size() - 1) / seconds : 0);
            if (endOfSequence) {
                reason = StopReason.END_OF_SEQUENCE;
                break;
            }
            if (stops.stopped()) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (generated.size() >= sampling.maxNewTokens()) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            if (length >= engine.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = stepper.step(next);
        }
        if (!stops.stopped()) {
            output.add(splitter.push(utf8.flush()));
            output.add(splitter.flush());
            output.flush();
        }
        long finished = System.nanoTime();
        return new GenerationResult(output.answer.toString(), output.thinking.toString(), reason, prompt.length, generated.size(),
                generated, new GenerationResult.Timings((prefilled - started) / 1e9, (finished - prefilled) / 1e9));
    }

    /** Routes split text: thinking to the listener directly, answer text through the stop-string matcher. */
    static final class Output {
        final GenerationListener listener;
        final StopStringMatcher stops;
        final StringBuilder answer = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();

        Output(GenerationListener listener, StopStringMatcher stops) {
            this.listener = listener;
            this.stops = stops;
        }

        void add(ThinkingSplitter.Delta delta) {
            if (!delta.thinking().isEmpty()) {
                thinking.append(delta.thinking());
                listener.onThinking(delta.thinking());
            }
            if (!delta.answer().isEmpty()) emit(stops.push(delta.answer()));
        }

        void flush() {
            emit(stops.flush());
        }

        private void emit(String text) {
            if (text.isEmpty()) return;
            answer.append(text);
            listener.onText(text);
        }
    }
}
