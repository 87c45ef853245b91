package org.xensv.toolstack.storage;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xensv.hypervisor.api.InvalidValueException;

@RestController
@RequestMapping("/api/v1/images")
class ImageController {

    record CloneRequest(String name) {
    }

    record ResizeRequest(Long sizeMiB) {
    }

    private final StorageService storage;
    private final org.xensv.toolstack.tag.TagService tags;

    ImageController(StorageService storage, org.xensv.toolstack.tag.TagService tags) {
        this.storage = storage;
        this.tags = tags;
    }

    /** Every image, or a repository's; only those tagged {@code tag} (any case) if given. */
    @GetMapping
    List<ImageView> list(@RequestParam(required = false) UUID sr, @RequestParam(required = false) String tag) {
        List<ImageView> all = storage.listImages(sr);
        if (tag == null) {
            return all;
        }
        var tagged = tags.tagged(org.xensv.toolstack.tag.TaggedKind.IMAGE, tag);
        return all.stream().filter(i -> tagged.contains(i.id())).toList();
    }

    @GetMapping("/{id}")
    ImageView get(@PathVariable UUID id) {
        return storage.getImage(id);
    }

    /** Creates a blank (sparse) raw disk. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ImageView createBlank(@RequestBody ImageSpec spec) {
        Access.require(Action.STORAGE_MANAGE);
        return storage.createBlank(spec);
    }

    /**
     * Imports a file (multipart field {@code file}) as a raw disk, a qcow2 image (converted to raw)
     * or an ISO; {@code format} RAW, QCOW2 or ISO, else taken from the file name. Bounded by
     * {@code xensv.storage.max-upload-mib} and the repository's free space.
     */
    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ImageView upload(@RequestParam(required = false) UUID srId, @RequestParam(required = false) String name,
                     @RequestParam(required = false) String format,
                     @RequestPart(value = "file", required = false) MultipartFile file) {
        Access.require(Action.STORAGE_MANAGE);
        if (file == null) {
            throw new InvalidValueException("file", null, "is required: the image, as the multipart part 'file'");
        }
        if (file.isEmpty()) {
            throw new InvalidValueException("file", file.getOriginalFilename(), "is empty");
        }
        try (InputStream in = file.getInputStream()) {
            return storage.importImage(srId, name, format, file.getOriginalFilename(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PostMapping("/{id}/clone")
    @ResponseStatus(HttpStatus.CREATED)
    ImageView cloneImage(@PathVariable UUID id, @RequestBody CloneRequest request) {
        Access.require(Action.STORAGE_MANAGE);
        return storage.cloneImage(id, request.name());
    }

    @PostMapping("/{id}/resize")
    ImageView resize(@PathVariable UUID id, @RequestBody ResizeRequest request) {
        Access.require(Action.STORAGE_MANAGE);
        return storage.resize(id, request.sizeMiB());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.STORAGE_MANAGE);
        storage.deleteImage(id);
    }
}
