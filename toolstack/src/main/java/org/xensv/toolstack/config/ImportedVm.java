package org.xensv.toolstack.config;

import java.util.List;

import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmView;

/** A VM created from a file, the settings of the file it did not take (key, line, reason), and its tasks. */
public record ImportedVm(VmView vm, List<Ignored> ignored, TaskView createTask, TaskView startTask) {

    public ImportedVm {
        ignored = List.copyOf(ignored);
    }

    /** A setting of the file the VM did not take: the file's key, its line (0 = not known), why. */
    public record Ignored(String key, int line, String reason) {

        @Override
        public String toString() {
            return (line > 0 ? "line " + line + ": " : "") + key + ": " + reason;
        }
    }
}
