package org.xensv.toolstack.console;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;

@RestController
class ConsoleController {

    private final ConsoleService console;

    ConsoleController(ConsoleService console) {
        this.console = console;
    }

    @GetMapping(value = "/api/v1/vms/{id}/console", produces = MediaType.TEXT_PLAIN_VALUE)
    String read(@PathVariable UUID id, @RequestParam(defaultValue = "16384") int chars) {
        return console.read(id, chars);
    }

    /** Types the body (plain text; a line ends with a newline) on the VM's serial console. */
    @PostMapping(value = "/api/v1/vms/{id}/console", consumes = MediaType.TEXT_PLAIN_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void write(@PathVariable UUID id, @RequestBody(required = false) String text) {
        Access.require(Action.VM_CONSOLE);
        console.write(id, text);
    }
}
