package io.inkstone.export;

/**
 * Whether an export engine can be used on this machine, as detected when the export service starts.
 *
 * @param name      e.g. "openhtmltopdf", "inkstone-epub", "pandoc", "pandoc+xelatex", "pandoc+weasyprint"
 * @param format    what it makes ("PDF" or "EPUB")
 * @param available true when it can be used
 * @param detail    its version when available; otherwise why not and what to install
 */
public record EngineStatus(String name, String format, boolean available, String detail) {
    @Override
    public String toString() {
        return String.format("%-18s %-5s %-11s %s", name, format, available ? "available" : "unavailable", detail);
    }
}
