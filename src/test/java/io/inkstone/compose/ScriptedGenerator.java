package io.inkstone.compose;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Test double for {@link Generator}: answers each request with the text a script gives for it, like a
 * deterministic model would. One token is one character (code point), streamed to the listener. The answer
 * stops with END_OF_SEQUENCE when the scripted text is used up, with MAX_TOKENS when max_new_tokens is
 * reached first, and with CANCELLED right after the token during which the cancellation was set. A request
 * with an assistant prefix gets the rest of the scripted answer after that prefix. It records every request,
 * can throw at a chosen call (a simulated crash).
 */
final class ScriptedGenerator implements Generator {

    private final Function<GenerationRequest, String> script;
    final List<GenerationRequest> requests = new ArrayList<>();
    private int crashAtCall = -1;

    private ScriptedGenerator(Function<GenerationRequest, String> script) {
        this.script = script;
    }

    /** Answers one request at a time. */
    static ScriptedGenerator answering(Function<GenerationRequest, String> script) {
        return new ScriptedGenerator(script);
    }

    /** The {@code call}-th request (1-based) throws, as if the process died there. */
    ScriptedGenerator crashingAtCall(int call) {
        this.crashAtCall = call;
        return this;
    }

    /** One sequence being decoded. */
    private final class Sequence {
        final GenerationRequest request;
        final int[] codePoints;
        final StringBuilder text = new StringBuilder();
        int position;
        StopReason stopReason;

        Sequence(GenerationRequest request) {
            requests.add(request);
            if (requests.size() == crashAtCall) throw new IllegalStateException("simulated crash at call " + crashAtCall);
            this.request = request;
            String answer = script.apply(request);
            String prefix = request.assistantPrefix();
            codePoints = (answer.startsWith(prefix) ? answer.substring(prefix.length()) : answer).codePoints().toArray();
            if (codePoints.length == 0) stopReason = StopReason.END_OF_SEQUENCE;
        }

        /** Emits the next token; sets the stop reason when this sequence ends. */
        void step(GenerationListener listener, Cancellation cancellation) {
            String delta = new String(codePoints, position++, 1);
            text.append(delta);
            listener.onText(delta);
            listener.onProgress(position, request.sampling().maxNewTokens(), 100.0);
            if (cancellation.isCancelled()) stopReason = StopReason.CANCELLED;
            else if (position == codePoints.length) stopReason = StopReason.END_OF_SEQUENCE;
            else if (position == request.sampling().maxNewTokens()) stopReason = StopReason.MAX_TOKENS;
        }

        GenerationResult result() {
            return new GenerationResult(text.toString(), "", stopReason, 10, position, List.of(),
                    new GenerationResult.Timings(0.001, position * 0.01));
        }
    }

    @Override
    public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
        Sequence sequence = new Sequence(request);
        while (sequence.stopReason == null) sequence.step(listener, cancellation);
        return sequence.result();
    }

    @Override
    public String modelName() {
        return "scripted";
    }

    @Override
    public int contextLength() {
        return 32768;
    }
}
