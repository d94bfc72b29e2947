package io.inkstone.compose;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import java.util.List;

/**
 * The structure used when the model gives no usable outline: a conventional shape for the brief's type,
 * in Chinese for CJK briefs and in English otherwise.
 */
final class FallbackOutline {

    private FallbackOutline() {}

    static List<String> forBrief(Brief brief) {
        boolean chinese = brief.isCjk();
        BriefType type = brief.type() == null ? BriefType.OTHER : brief.type();
        return switch (type) {
            case STORY -> chinese ? List.of("开端", "发展", "转折", "高潮", "结局")
                    : List.of("Opening", "Rising action", "Turning point", "Climax", "Resolution");
            case ARTICLE -> chinese ? List.of("引言", "背景", "核心观点", "分析与例证", "结语")
                    : List.of("Introduction", "Background", "Main argument", "Analysis and examples", "Conclusion");
            case REPORT -> chinese ? List.of("概述", "背景", "主要发现", "分析", "建议与结论")
                    : List.of("Summary", "Background", "Findings", "Analysis", "Recommendations");
            case TUTORIAL -> chinese ? List.of("简介", "准备工作", "分步操作", "常见问题", "小结")
                    : List.of("Introduction", "Prerequisites", "Step by step", "Common problems", "Summary");
            case ESSAY -> chinese ? List.of("引子", "论点", "论证", "反思", "结语")
                    : List.of("Opening", "Thesis", "Argument", "Reflection", "Conclusion");
            case SPEECH -> chinese ? List.of("开场", "主题", "展开", "号召", "结束语")
                    : List.of("Opening", "Theme", "Development", "Call to action", "Closing");
            case REVIEW -> chinese ? List.of("概述", "亮点", "不足", "对比", "结论")
                    : List.of("Overview", "Strengths", "Weaknesses", "Comparison", "Verdict");
            case SCRIPT -> chinese ? List.of("第一幕", "第二幕", "第三幕") : List.of("Act I", "Act II", "Act III");
            case POST, LETTER, POEM, OTHER -> chinese ? List.of("开篇", "展开", "深入", "结尾")
                    : List.of("Opening", "Development", "Deepening", "Closing");
        };
    }
}
