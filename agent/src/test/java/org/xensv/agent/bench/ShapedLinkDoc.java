package org.xensv.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks/migration.md holds three programs' parts: the hypervisor module's in-process
 * harness ({@code MigrationBenchmark}), then its rows through the console ({@code ConsoleMigrationBenchmark},
 * after its marker), then this module's shaped-link rows after {@link #MARKER}. This program
 * rewrites its part, at the end, and keeps everything before the marker as it is.
 */
final class ShapedLinkDoc {

    static final String MARKER =
            "<!-- shaped links: written by ShapedLinkMigrationBenchmark (agent module); the other programs keep this part as it is -->";

    private ShapedLinkDoc() {
    }

    static void write(Path out, String section) throws IOException {
        String old = Files.exists(out) ? Files.readString(out) : "";
        int marker = old.indexOf(MARKER);
        String before = (marker < 0 ? old : old.substring(0, marker)).stripTrailing();
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, (before.isEmpty() ? "" : before + "\n\n") + MARKER + "\n\n" + section);
    }
}
