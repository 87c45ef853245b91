package org.xensv.toolstack.storage;

/** How an image is kept: a raw disk (qcow2 is converted to raw on import) or an ISO 9660 CD image. */
public enum ImageFormat {
    RAW, ISO
}
