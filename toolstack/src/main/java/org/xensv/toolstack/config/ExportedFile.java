package org.xensv.toolstack.config;

/** A VM's config as a file to download. */
public record ExportedFile(String filename, String contentType, String content) {
}
