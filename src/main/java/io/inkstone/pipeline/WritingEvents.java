package io.inkstone.pipeline;

import io.inkstone.compose.ComposeProgress;

/**
 * What the watcher is writing, for a live view (the dashboard). The brief steps publish to it; calls come on the writing
 * threads, so implementations must be quick and thread-safe.
 */
public interface WritingEvents {

    /** A brief's composition starts (or resumes); the returned progress receives its stages, sections, tokens and text. */
    ComposeProgress started(String claim, String name);

    /**
     * A brief left the writer.
     *
     * @param outcome {@code done}, {@code failed} or {@code stopped}
     * @param detail  the note written, the first line of the error, or why it stopped
     */
    void finished(String claim, String name, String outcome, String detail);

    WritingEvents NONE = new WritingEvents() {
        @Override
        public ComposeProgress started(String claim, String name) {
            return ComposeProgress.NONE;
        }

        @Override
        public void finished(String claim, String name, String outcome, String detail) {}
    };
}
