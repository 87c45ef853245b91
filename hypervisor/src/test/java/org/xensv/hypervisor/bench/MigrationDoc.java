package org.xensv.hypervisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks/migration.md holds three programs' tables: {@link MigrationBenchmark}'s in-process
 * harness first, then {@link ConsoleMigrationBenchmark}'s rows through the console, after a marker,
 * then the agent module's shaped-link rows (ShapedLinkMigrationBenchmark) after a marker of their own.
 * Each program rewrites its own part and keeps the others' as they are.
 */
final class MigrationDoc {

    static final String CONSOLE_MARKER =
            "<!-- through the console: written by ConsoleMigrationBenchmark; MigrationBenchmark keeps this part as it is -->";

    /** The start of the agent module's part (ShapedLinkDoc there writes it, at the end of the file). */
    static final String SHAPED_MARKER = "<!-- shaped links: written by ShapedLinkMigrationBenchmark";

    private MigrationDoc() {
    }

    static void writeHarness(Path out, String harness) throws IOException {
        String old = read(out);
        int console = old.indexOf(CONSOLE_MARKER);
        int marker = console >= 0 ? console : old.indexOf(SHAPED_MARKER);
        write(out, marker < 0 ? harness : ensureBlankLine(harness) + old.substring(marker));
    }

    static void writeConsole(Path out, String console) throws IOException {
        String old = read(out);
        int shaped = old.indexOf(SHAPED_MARKER);
        String after = shaped < 0 ? "" : old.substring(shaped);
        String rest = shaped < 0 ? old : old.substring(0, shaped);
        int marker = rest.indexOf(CONSOLE_MARKER);
        String harness = marker < 0 ? rest : rest.substring(0, marker);
        String text = (harness.isBlank() ? "" : ensureBlankLine(harness)) + CONSOLE_MARKER + "\n\n" + console;
        write(out, after.isEmpty() ? text : ensureBlankLine(text) + after);
    }

    private static String ensureBlankLine(String text) {
        String t = text.stripTrailing();
        return t + "\n\n";
    }

    private static String read(Path out) throws IOException {
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static void write(Path out, String text) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, text);
    }
}
