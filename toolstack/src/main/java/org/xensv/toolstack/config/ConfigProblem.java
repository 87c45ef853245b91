package org.xensv.toolstack.config;

/** One thing wrong with a config file: the line (1-based; 0 = the file as a whole), the setting, the reason. */
public record ConfigProblem(int line, String key, String reason) {

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (key == null ? "" : key + ": ") + reason;
    }
}
