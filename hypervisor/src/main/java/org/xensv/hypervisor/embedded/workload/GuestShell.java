package org.xensv.hypervisor.embedded.workload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.xensv.hypervisor.embedded.console.ConsoleRing;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * The guest's shell on its serial console, logged in as root once the guest has booted: it reads a
 * line the admin typed (on vCPU 0, so a paused guest answers nothing until it runs again), which
 * its tty echoed after the prompt, and prints the answer, from what the guest itself knows. It writes no guest
 * page, so the workload's memory invariant is untouched.
 */
final class GuestShell {

    static final String HELP = "commands: help, uname [-a], hostname, uptime, free, nproc, workload, date, echo TEXT";

    private GuestShell() {
    }

    static String prompt(String name) {
        return "root@" + name + ":~# ";
    }

    static void answer(Guest guest, String typed, ConsoleRing console) {
        String line = printable(typed).strip(); // the tty echoed it as it was typed
        String[] words = line.split("\\s+", 2);
        String command = words[0];
        String args = words.length > 1 ? words[1] : "";
        switch (command) {
            case "" -> { }
            case "help" -> console.println(HELP);
            case "uname" -> console.println(args.equals("-a")
                    ? "Linux " + guest.name() + " 1.0-xensv-embedded #1 SMP x86_64 GNU/Linux" : "Linux");
            case "hostname" -> console.println(guest.name());
            case "uptime" -> console.println(String.format(Locale.ROOT, "up %.1f s (guest clock)", guest.clock().now() / 1e9));
            case "free" -> console.println(free(guest.memory()));
            case "nproc" -> console.println(Integer.toString(guest.vcpuCount()));
            case "workload" -> console.println(workload(guest));
            case "date" -> console.println(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            case "echo" -> console.println(args);
            default -> console.println("-sh: " + command + ": command not found (type help)");
        }
        console.print(prompt(guest.name()));
    }

    private static String free(GuestMemory memory) {
        long total = memory.pages() / 256;
        long used = memory.populatedPages() / 256;
        return "Mem: " + total + " MiB total, " + used + " MiB used, " + (total - used) + " MiB free";
    }

    private static String workload(Guest guest) {
        var spec = guest.spec();
        return spec.kind().label().toLowerCase(Locale.ROOT) + ": " + guest.pageWritesTotal() + " page writes, working set "
                + guest.workingSetPages() / 256 + " MiB, " + (spec.pagesPerSecond() == 0 ? "unthrottled" : spec.pagesPerSecond() + " pages/s");
    }

    /** The line as the terminal shows it: control characters (other than tab) as '?'. */
    private static String printable(String typed) {
        StringBuilder out = new StringBuilder(typed.length());
        typed.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) && c != '\t' ? '?' : c));
        return out.toString();
    }
}
