package io.inkstone.pipeline;

/** The steps a brief goes through; a failure report names the one that failed and says what to do. */
public enum Stage {
    CLAIM("claim", "taking the brief from the inbox",
            "Check that the inbox folder and its in-progress/ folder are writable."),
    VALIDATE("validate", "reading and checking the brief",
            "Fix the brief where the lines above point; `inkstone validate FILE` checks it without writing."),
    SCHEDULE("schedule", "registering the brief's schedule",
            "Give the brief a `schedule:` with a cron (Quartz such as \"0 0 7 * * ?\" or five-field Unix such as \"0 7 * * *\") "
                    + "and, if you like, a time zone such as Asia/Shanghai."),
    TEMPLATE("template", "filling in the prompt template",
            "Fix the template named above (in your templates folder), or choose another `template:` in the brief."),
    COMPOSE("compose", "writing with the model",
            "Check the model folder (setting inkstone.model) and the message above; `inkstone model info DIR` checks a model."),
    EXPORT("export", "exporting PDF/EPUB",
            "Install or fix what the message above names, or change the brief's `export:` (or the setting inkstone.export.formats)."),
    VAULT("vault", "filing the note in the vault",
            "Check that the vault folder (setting inkstone.vault) exists and is writable."),
    ARCHIVE("archive", "archiving the finished brief",
            "The note was written; check that the inbox's archive/ folder is writable."),
    RESUME("resume", "resuming after Inkstone stopped",
            "Inkstone stopped several times while writing this brief (a crash, or the process was killed); look at its log."),
    QUEUE("queue", "handing the brief to the workers through the broker",
            "Check that the broker runs (`inkstone broker`, or your own ActiveMQ) and that workers (`inkstone worker`) are "
                    + "connected to it; the message above says which worker failed and how.");

    private final String label;
    private final String doing;
    private final String advice;

    Stage(String label, String doing, String advice) {
        this.label = label;
        this.doing = doing;
        this.advice = advice;
    }

    /** Short name for logs ("validate"). */
    public String label() { return label; }

    /** What the stage does, for reports ("reading and checking the brief"). */
    public String doing() { return doing; }

    /** What the user should do when it fails. */
    public String advice() { return advice; }
}
