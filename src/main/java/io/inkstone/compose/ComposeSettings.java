package io.inkstone.compose;

import java.util.Properties;

/**
 * How long pieces are written. Lengths are in the brief's own unit (字 for Chinese, words for English);
 * with ~1.5 tokens per 字 and ~1.4 per word, one number serves both.
 *
 * @param longFormThreshold     a brief whose target length is at least this is written outline-first
 *                              (a brief with an outline, or {@code outline: auto}, always is)
 * @param maxContinuations      how many times a part cut off by max_new_tokens is continued
 * @param sectionMaxNewTokens   the most tokens one request may generate (a brief's {@code max_new_tokens}
 *                              overrides it); each request asks for its budget's estimate, capped by this
 * @param outlineMaxNewTokens   max_new_tokens for the outline request
 * @param sectionLength         the length one section aims at when the model plans the outline: a target
 *                              of 3000 with 800 gives 4 sections
 * @param maxSections           the most sections an outline may have (longer outlines are unusable)
 * @param previousTailCharacters how much of the previous section's end a section prompt carries
 * @param summaryCharacters     how long the running summary of earlier sections may grow
 * @param loopMinRepeats        copies in a row that make a repetition loop
 * @param loopMinCharacters     the shortest stretch of repetition that counts as a loop
 */
public record ComposeSettings(
        int longFormThreshold,
        int maxContinuations,
        int sectionMaxNewTokens,
        int outlineMaxNewTokens,
        int sectionLength,
        int maxSections,
        int previousTailCharacters,
        int summaryCharacters,
        int loopMinRepeats,
        int loopMinCharacters) {

    /** Prefix of the settings' keys in {@code inkstone.properties}. */
    public static final String PROPERTY_PREFIX = "inkstone.compose.";

    /** The settings' names after the prefix, in the order of the record's components. */
    public static final java.util.List<String> KEYS = java.util.Arrays.stream(ComposeSettings.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toList();

    public ComposeSettings {
        atLeast("longFormThreshold", longFormThreshold, 1);
        atLeast("maxContinuations", maxContinuations, 0);
        atLeast("sectionMaxNewTokens", sectionMaxNewTokens, LengthPlan.MIN_NEW_TOKENS);
        atLeast("outlineMaxNewTokens", outlineMaxNewTokens, LengthPlan.MIN_NEW_TOKENS);
        atLeast("sectionLength", sectionLength, 1);
        atLeast("maxSections", maxSections, 2);
        atLeast("previousTailCharacters", previousTailCharacters, 0);
        atLeast("summaryCharacters", summaryCharacters, 0);
        atLeast("loopMinRepeats", loopMinRepeats, 2);
        atLeast("loopMinCharacters", loopMinCharacters, 1);
    }

    /** Settings that suit a 4B model on a CPU. */
    public static ComposeSettings defaults() {
        return new ComposeSettings(1200, 3, 1536, 512, 800, 8, 300, 600, 3, 100);
    }

    /**
     * Settings from {@code inkstone.compose.*} properties (e.g. {@code inkstone.compose.maxContinuations=2});
     * missing keys keep their {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the key when a value is not a number/boolean or out of range
     */
    public static ComposeSettings fromProperties(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PROPERTY_PREFIX) && !KEYS.contains(key.substring(PROPERTY_PREFIX.length()))) {
                throw new IllegalArgumentException("unknown setting " + key + "; the " + PROPERTY_PREFIX + "* settings are: "
                        + String.join(", ", KEYS) + " (remove the line or fix its name)");
            }
        }
        ComposeSettings d = defaults();
        return new ComposeSettings(
                intValue(properties, "longFormThreshold", d.longFormThreshold()),
                intValue(properties, "maxContinuations", d.maxContinuations()),
                intValue(properties, "sectionMaxNewTokens", d.sectionMaxNewTokens()),
                intValue(properties, "outlineMaxNewTokens", d.outlineMaxNewTokens()),
                intValue(properties, "sectionLength", d.sectionLength()),
                intValue(properties, "maxSections", d.maxSections()),
                intValue(properties, "previousTailCharacters", d.previousTailCharacters()),
                intValue(properties, "summaryCharacters", d.summaryCharacters()),
                intValue(properties, "loopMinRepeats", d.loopMinRepeats()),
                intValue(properties, "loopMinCharacters", d.loopMinCharacters()));
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(PROPERTY_PREFIX + name + " must be at least " + minimum + ", got " + value);
        }
    }

    private static int intValue(Properties properties, String name, int fallback) {
        String raw = properties.getProperty(PROPERTY_PREFIX + name);
        if (raw == null || raw.isBlank()) return fallback;
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY_PREFIX + name + " must be a whole number, got '" + raw.strip() + "'");
        }
    }
}
