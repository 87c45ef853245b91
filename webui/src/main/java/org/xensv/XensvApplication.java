package org.xensv;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The xensv console: toolstack, REST API and web UI in one process, on port 8080 by default. */
@SpringBootApplication
public class XensvApplication {

    public static void main(String[] args) {
        SpringApplication.run(XensvApplication.class, args);
    }
}
