package io.inkstone.brief;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Language tags for briefs: BCP 47 in the forms writers need ({@code zh-CN}, {@code zh}, {@code zh-Hant-TW},
 * {@code en}, {@code en-US}, {@code ja}), and the default taken from the brief's own text.
 */
final class LanguageTags {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?");
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    /** Names people write instead of a tag, for the hint. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("cn", "zh-CN"), Map.entry("chinese", "zh-CN"), Map.entry("中文", "zh-CN"), Map.entry("汉语", "zh-CN"),
            Map.entry("简体中文", "zh-CN"), Map.entry("普通话", "zh-CN"), Map.entry("繁体中文", "zh-TW"), Map.entry("繁體中文", "zh-TW"),
            Map.entry("english", "en"), Map.entry("英文", "en"), Map.entry("英语", "en"),
            Map.entry("jp", "ja"), Map.entry("japanese", "ja"), Map.entry("日语", "ja"), Map.entry("日本語", "ja"),
            Map.entry("kr", "ko"), Map.entry("korean", "ko"), Map.entry("韩语", "ko"), Map.entry("한국어", "ko"),
            Map.entry("french", "fr"), Map.entry("法语", "fr"), Map.entry("german", "de"), Map.entry("德语", "de"),
            Map.entry("spanish", "es"), Map.entry("西班牙语", "es"), Map.entry("russian", "ru"), Map.entry("俄语", "ru"));

    private LanguageTags() {}

    /** The canonical tag ({@code zh_cn} → {@code zh-CN}), or why it is not one. */
    static Outcome<String> normalize(String written) {
        String text = written.trim();
        String known = NAMES.get(text.toLowerCase(Locale.ROOT));
        String hint = known != null ? "did you mean `" + known + "`?" : "use a language tag such as `zh-CN`, `zh-TW`, `en`, `en-US` or `ja`";
        String tag = text.replace('_', '-');
        if (known != null || !SHAPE.matcher(tag).matches()) return bad(written, hint);
        String[] parts = tag.split("-");
        String language = parts[0].toLowerCase(Locale.ROOT);
        if (language.length() == 2 && !LANGUAGES.contains(language)) return bad(written, hint);
        String last = parts[parts.length - 1];
        if (parts.length > 1 && last.length() == 2 && !REGIONS.contains(last.toUpperCase(Locale.ROOT))) {
            return Outcome.fail("`language` has an unknown region `" + last + "` in `" + Outcome.shown(written) + "`",
                    "regions are ISO country codes such as `CN`, `TW`, `US` or `GB`");
        }
        try {
            return Outcome.ok(new Locale.Builder().setLanguageTag(tag).build().toLanguageTag());
        } catch (IllformedLocaleException e) {
            return bad(written, hint);
        }
    }

    private static Outcome<String> bad(String written, String hint) {
        return Outcome.fail("`language` must be a language tag like `zh-CN` or `en`, found `" + Outcome.shown(written) + "`", hint);
    }

    /**
     * The language a brief without {@code language:} is taken to be in: {@code ja} when its text has kana,
     * {@code ko} with Hangul, {@code zh-CN} with Chinese characters, else {@code en}.
     */
    static String defaultFor(String text) {
        boolean han = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) return "ja";
            if (script == Character.UnicodeScript.HANGUL) return "ko";
            if (script == Character.UnicodeScript.HAN) han = true;
            i += Character.charCount(cp);
        }
        return han ? "zh-CN" : "en";
    }

    /** Languages whose length is counted in characters rather than words. */
    static LengthUnit unitFor(String tag) {
        String language = tag.toLowerCase(Locale.ROOT);
        return language.startsWith("zh") || language.startsWith("ja") || language.startsWith("ko") ? LengthUnit.CHARACTERS : LengthUnit.WORDS;
    }
}
