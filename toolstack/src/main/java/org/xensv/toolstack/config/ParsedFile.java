package org.xensv.toolstack.config;

import java.util.Map;

/**
 * A file as read, and where each setting came from: keys are xl's names ({@code kernel},
 * {@code disk[0]}), each located by the file's own name for it ({@code os/kernel} in libvirt XML)
 * and its line, so import notes can point at the line.
 */
record ParsedFile(DomainFile file, Map<String, Located> where) {

    ParsedFile {
        where = Map.copyOf(where);
    }

    record Located(String key, int line) {
    }

    Located at(String key) {
        return where.getOrDefault(key, new Located(key, 0));
    }
}
