package io.inkstone.brief;

/** The kind of piece a brief asks for. */
public enum BriefType {
    ARTICLE, STORY, REPORT, POST, LETTER, TUTORIAL, SCRIPT, POEM, ESSAY, SPEECH, REVIEW, OTHER;

    /** The spelling used in YAML ("article", "story", ...). */
    public String yamlName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
