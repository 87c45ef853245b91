package org.xensv.toolstack;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The toolstack alone, for its tests (the real entry point lives in webui). */
@SpringBootApplication
public class ToolstackTestApplication {
}
