package io.inkstone.brief;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads length targets written the way writers write them: {@code 3000字}, {@code 约3000字}, {@code 3千字},
 * {@code 3,000 字左右}, {@code 800 words}, {@code 1.5k words}, {@code about 800 English words}, or a bare number
 * (counted in the language's unit).
 */
final class LengthSyntax {

    /** Largest target accepted, in characters or words. */
    static final int MAX_VALUE = 100_000;

    static final String FORMS = "write a number and a unit, e.g. `3000字`, `约3000字`, `800 words`, or `{value: 800, unit: words}`";

    private static final Pattern FORM = Pattern.compile(
            "(?:约|大约|大概|about|around|approximately|approx\\.?|roughly|~|≈)?\\s*"
                    + "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s*"
                    + "(千|万|k|thousand)?\\s*"
                    + "(个字|汉字|中文字|字|characters?|chars?|english\\s+words?|words?|英文单词|单词|词)?\\s*"
                    + "(?:左右|上下|以内|or\\s+so)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern RANGE = Pattern.compile("\\d\\s*(?:-|–|—|~|～|到|至|to)\\s*\\d", Pattern.CASE_INSENSITIVE);

    private LengthSyntax() {}

    /** Parses a written length; {@code defaultUnit} applies when no unit is written. */
    static Outcome<Length> parse(String raw, LengthUnit defaultUnit) {
        String written = Outcome.shown(raw);
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).trim();
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            if (RANGE.matcher(text).find()) {
                return Outcome.fail("`length` is a range (`" + written + "`); give one target", "e.g. `3000字` or `800 words`");
            }
            return Outcome.fail("cannot read `length: " + written + "`", FORMS);
        }
        BigDecimal number = new BigDecimal(m.group(1).replace(",", ""));
        String multiplier = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        number = switch (multiplier) {
            case "千", "k", "thousand" -> number.multiply(BigDecimal.valueOf(1000));
            case "万" -> number.multiply(BigDecimal.valueOf(10_000));
            default -> number;
        };
        LengthUnit unit = m.group(3) == null ? defaultUnit : unitOf(m.group(3));
        return of(number, unit, written);
    }

    /** Checks a numeric target (whole, 1..{@link #MAX_VALUE}); a null number (infinite, not a number) fails. */
    static Outcome<Length> of(BigDecimal number, LengthUnit unit, String written) {
        if (number == null) return Outcome.fail("`length` must be a whole number, found `" + written + "`", FORMS);
        BigDecimal whole;
        try {
            whole = number.stripTrailingZeros().setScale(0);
        } catch (ArithmeticException e) {
            return Outcome.fail("`length` must be a whole number, found `" + written + "`", FORMS);
        }
        if (whole.signum() <= 0) return Outcome.fail("`length` must be at least 1, found `" + written + "`", FORMS);
        if (whole.compareTo(BigDecimal.valueOf(MAX_VALUE)) > 0) {
            return Outcome.fail("`length` of `" + written + "` is more than the limit of " + MAX_VALUE,
                    "for a book, write one brief per chapter");
        }
        return Outcome.ok(new Length(whole.intValueExact(), unit));
    }

    /** The unit for a unit word ("字", "words", "characters" …), or null when it is not one. */
    static LengthUnit unitOf(String word) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        return switch (w) {
            case "字", "个字", "汉字", "中文字", "character", "characters", "char", "chars" -> LengthUnit.CHARACTERS;
            case "word", "words", "english word", "english words", "英文单词", "单词", "词" -> LengthUnit.WORDS;
            default -> null;
        };
    }
}
