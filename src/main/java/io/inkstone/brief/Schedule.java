package io.inkstone.brief;

/**
 * A recurring run: a Quartz cron expression (seconds field first, e.g. {@code 0 0 7 * * ?}) and a time zone id.
 */
public record Schedule(String cron, String timezone) {}
