package org.xensv.agent.shaped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command (ip, tc) to its end and returns what it printed; a failure names the command and its output. */
public final class Command {

    private Command() {
    }

    public static String run(String... command) {
        String out = runAllowingFailure(command);
        if (out.startsWith(FAILED)) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed: " + out.substring(FAILED.length()).strip());
        }
        return out;
    }

    private static final String FAILED = "\u0000failed:";

    /** The output, or the output behind a marker when the command exited non-zero (see {@link #succeeds}). */
    static String runAllowingFailure(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return FAILED + "did not end within 60 s";
            }
            String text = new String(output, StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? text : FAILED + "exit " + p.exitValue() + ": " + text;
        } catch (IOException e) {
            return FAILED + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted running " + String.join(" ", command)));
        }
    }

    public static boolean succeeds(String... command) {
        return !runAllowingFailure(command).startsWith(FAILED);
    }

    /** Why the command failed, or null if it succeeded. */
    public static String failure(String... command) {
        String out = runAllowingFailure(command);
        return out.startsWith(FAILED) ? out.substring(FAILED.length()).strip() : null;
    }
}
