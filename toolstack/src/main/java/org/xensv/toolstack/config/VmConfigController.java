package org.xensv.toolstack.config;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.hypervisor.api.InvalidValueException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/** Export a VM as xl.cfg or libvirt XML; import either to create a VM. */
@RestController
@RequestMapping("/api/v1/vms")
class VmConfigController {

    private final VmConfigService configs;

    VmConfigController(VmConfigService configs) {
        this.configs = configs;
    }

    @Operation(summary = "Export a VM's configuration as xl.cfg (text/plain) or libvirt domain XML (application/xml)")
    @GetMapping(value = "/{id}/export", produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_XML_VALUE})
    ResponseEntity<String> export(@PathVariable UUID id,
                                  @Parameter(description = "xl or libvirt") @RequestParam(defaultValue = "xl") String format,
                                  @Parameter(description = "libvirt only: the <domain type>: kvm, xen or qemu")
                                  @RequestParam(defaultValue = "kvm") String hypervisor) {
        ExportedFile file = configs.export(id, ConfigFormat.parse(format), hypervisor(hypervisor));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.filename()).build().toString())
                .contentType(new MediaType(MediaType.parseMediaType(file.contentType()), StandardCharsets.UTF_8))
                .body(file.content());
    }

    @Operation(summary = "Create a VM from an xl.cfg file or libvirt domain XML (the file is the request body, at most 256 KiB). "
            + "201: the VM and the settings it did not take (key, line, reason). "
            + "400 INVALID_CONFIG_FILE: every syntax error and out-of-range value, each with its line.")
    @RequestBody(description = "the file as is", content = {
            @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string"))})
    @PostMapping(value = "/import", consumes = MediaType.ALL_VALUE)
    ResponseEntity<ImportedVm> importFile(@Parameter(description = "xl or libvirt") @RequestParam String format,
                                          @Parameter(description = "a name for the VM instead of the file's")
                                          @RequestParam(required = false) String name,
                                          @RequestParam(required = false) UUID hostId,
                                          @RequestParam(defaultValue = "false") boolean start,
                                          HttpServletRequest request) throws IOException {
        Access.require(Action.VM_CREATE);
        ConfigFormat parsed = ConfigFormat.parse(format);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(VmConfigService.MAX_FILE_BYTES + 1);
        }
        if (body.length > VmConfigService.MAX_FILE_BYTES) {
            throw new InvalidValueException("body", "more than " + VmConfigService.MAX_FILE_BYTES + " bytes",
                    "must be a config file of at most " + VmConfigService.MAX_FILE_BYTES / 1024 + " KiB");
        }
        ImportedVm imported = configs.importFile(parsed, new String(body, StandardCharsets.UTF_8),
                new ImportOptions(name, hostId, start));
        return ResponseEntity.status(HttpStatus.CREATED).body(imported);
    }

    private static LibvirtXml.Hypervisor hypervisor(String text) {
        try {
            return LibvirtXml.Hypervisor.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("hypervisor", text, "must be kvm, xen or qemu");
        }
    }
}
