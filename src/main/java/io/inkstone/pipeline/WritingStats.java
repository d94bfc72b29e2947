package io.inkstone.pipeline;

import java.time.Duration;

/**
 * What writing one brief cost.
 *
 * @param generatedTokens tokens the model generated
 * @param tokensPerSecond generated tokens per second of composing
 * @param waitedForModel  time spent queued behind other briefs for the model
 * @param composing       time the model spent on this brief
 */
public record WritingStats(int generatedTokens, double tokensPerSecond, Duration waitedForModel, Duration composing) {}
