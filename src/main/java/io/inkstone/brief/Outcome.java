package io.inkstone.brief;

/**
 * The result of checking one value: the value, or an error message with an optional hint. The caller attaches the
 * location.
 */
record Outcome<T>(T value, String error, String hint) {

    static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null, null);
    }

    static <T> Outcome<T> fail(String error, String hint) {
        return new Outcome<>(null, error, hint);
    }

    /** A user's value for quoting in a message: one line, at most 60 characters. */
    static String shown(String value) {
        String oneLine = value.replaceAll("\\s+", " ").strip();
        return oneLine.codePointCount(0, oneLine.length()) <= 60 ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, 57)) + "…";
    }

    boolean failed() {
        return error != null;
    }
}
