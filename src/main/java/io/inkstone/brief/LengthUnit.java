package io.inkstone.brief;

/** How a length target is counted. */
public enum LengthUnit {
    /** Chinese/Japanese characters (字), punctuation and spaces excluded. */
    CHARACTERS,
    /** Words, as in English. */
    WORDS
}
