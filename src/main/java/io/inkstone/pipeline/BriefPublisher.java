package io.inkstone.pipeline;

/** Hands a read, valid brief to someone else to write (the broker's brief queue, on a desk run with {@code --queue}). */
interface BriefPublisher {

    /** Publishes the brief; when this returns, the broker has it stored (persistent). */
    void publish(BriefJob job) throws Exception;
}
