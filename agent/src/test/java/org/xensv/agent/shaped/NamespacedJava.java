package org.xensv.agent.shaped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program started inside a network namespace ({@code ip netns exec NS java -cp <this
 * classpath> MAIN ARGS}: {@code ip} enters the namespace and becomes the JVM, so the process is
 * the program). Its output is kept line by line, to wait for a line and to quote on failure.
 */
public final class NamespacedJava implements AutoCloseable {

    private final String label;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private NamespacedJava(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread pump = new Thread(this::pump, "output-" + label);
        pump.setDaemon(true);
        pump.start();
    }

    public static NamespacedJava start(String label, String ns, List<String> jvmOptions, Class<?> main, List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, java));
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        try {
            return new NamespacedJava(label, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + " in namespace " + ns, e);
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (Boolean.getBoolean("shaped.verbose")) {
                    System.out.println("[" + label + "] " + line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The first match of {@code pattern} in the output, waiting up to 2 minutes; fails quoting the output if the process ends first. */
    public Matcher await(Pattern pattern) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < giveUp) {
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(label + " ended (exit " + process.exitValue() + ") before printing /" + pattern
                        + "/: " + String.join("\n", lines));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + label);
            }
        }
        throw new IllegalStateException(label + " did not print /" + pattern + "/ within 2 minutes: " + String.join("\n", lines));
    }

    public List<String> output() {
        return List.copyOf(lines);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, up to {@code graceSeconds} to end, then SIGKILL. */
    public void stop(int graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(10);
    }
}
