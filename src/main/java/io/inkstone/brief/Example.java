package io.inkstone.brief;

/** A few-shot pair: what the user asked and what a good answer looks like. */
public record Example(String input, String output) {}
