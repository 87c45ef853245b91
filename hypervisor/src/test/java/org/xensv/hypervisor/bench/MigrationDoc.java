package org.xensv.hypervisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks/migration.md holds two programs' tables: {@link MigrationBenchmark}'s in-process
 * harness first, then {@link ConsoleMigrationBenchmark}'s rows through the console, after a marker.
 * Each program rewrites its own part and keeps the other's as it is.
 */
final class MigrationDoc {

    static final String CONSOLE_MARKER =
            "<!-- through the console: written by ConsoleMigrationBenchmark; MigrationBenchmark keeps this part as it is -->";

    private MigrationDoc() {
    }

    static void writeHarness(Path out, String harness) throws IOException {
        String old = read(out);
        int marker = old.indexOf(CONSOLE_MARKER);
        write(out, marker < 0 ? harness : ensureBlankLine(harness) + old.substring(marker));
    }

    static void writeConsole(Path out, String console) throws IOException {
        String old = read(out);
        int marker = old.indexOf(CONSOLE_MARKER);
        String harness = marker < 0 ? old : old.substring(0, marker);
        write(out, (harness.isBlank() ? "" : ensureBlankLine(harness)) + CONSOLE_MARKER + "\n\n" + console);
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
