package org.xensv.webui.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time of each thread of a JVM, by name, as {@code jcmd <pid> Thread.print} reports it
 * ({@code cpu=12.34ms} on every thread's line, the JVM's own threads included): what splits the
 * console's CPU at rest into the guests' vCPUs (the embedded hosts' pCPU threads, which run nothing
 * else), JIT compilation and the rest.
 */
final class ThreadCpu {

    private static final Pattern LINE = Pattern.compile("^\"(.+?)\"[^\\n]*? cpu=([0-9.]+)ms", Pattern.MULTILINE);
    /** An embedded host's pCPU worker ({@code xensv-<host>-pcpu<n>}, see the hypervisor's CreditScheduler). */
    private static final Pattern PCPU = Pattern.compile("xensv-.+-pcpu[0-9]+");

    private ThreadCpu() {
    }

    /** Milliseconds of CPU per thread name (threads of one name summed). */
    static Map<String, Double> of(ProcessHandle jvm) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd Thread.print failed: " + out);
        }
        Map<String, Double> cpu = new HashMap<>();
        Matcher m = LINE.matcher(out);
        while (m.find()) {
            cpu.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return cpu;
    }

    /** The milliseconds the guests' vCPUs used between two readings. */
    static double guests(Map<String, Double> before, Map<String, Double> after) {
        return between(before, after, name -> PCPU.matcher(name).matches());
    }

    /** The milliseconds the JIT compilers used between two readings. */
    static double jit(Map<String, Double> before, Map<String, Double> after) {
        return between(before, after, name -> name.contains("CompilerThread"));
    }

    private static double between(Map<String, Double> before, Map<String, Double> after, java.util.function.Predicate<String> which) {
        double sum = 0;
        for (var e : after.entrySet()) {
            if (which.test(e.getKey())) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return sum;
    }
}
