package io.inkstone.export;

import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.WriterReportImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/** Helpers shared by the export tests: test notes, EPUBCheck, and PDF font inspection. */
final class ExportTestSupport {
    private ExportTestSupport() {}

    static final String KITCHEN_SINK = "kitchen-sink.md";

    /** Copies a test resource (under io/inkstone/export/) into {@code folder} and returns its path there. */
    static Path copyResource(String name, Path folder) throws IOException {
        try (InputStream in = ExportTestSupport.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource " + name + " is missing");
            Path target = folder.resolve(Path.of(name).getFileName().toString());
            Files.createDirectories(folder);
            Files.copy(in, target);
            return target;
        }
    }

    /** EPUBCheck's counts and its report text. */
    record EpubCheckResult(int fatalErrors, int errors, int warnings, String report) {}

    static EpubCheckResult epubCheck(Path epub) {
        StringWriter text = new StringWriter();
        WriterReportImpl report = new WriterReportImpl(new PrintWriter(text), epub.getFileName().toString(), true);
        new EpubCheck(epub.toFile(), report).doValidate();
        return new EpubCheckResult(report.getFatalErrorCount(), report.getErrorCount(), report.getWarningCount(), text.toString());
    }

    /** Every font used in the resources (including nested form XObjects), as "page N: name embedded=…". */
    static List<PDFont> fonts(PDResources resources) throws IOException {
        List<PDFont> fonts = new ArrayList<>();
        if (resources == null) return fonts;
        for (COSName name : resources.getFontNames()) fonts.add(resources.getFont(name));
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (object instanceof PDFormXObject form) fonts.addAll(fonts(form.getResources()));
        }
        return fonts;
    }
}
