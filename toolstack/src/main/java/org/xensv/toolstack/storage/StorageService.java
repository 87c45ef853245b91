package org.xensv.toolstack.storage;

import org.xensv.toolstack.audit.Audited;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmService;

/**
 * Storage repositories and their images. Every embedded host has a local repository in its own
 * directory ({@code <embedded dir>/<host>/local-sr}) and every pool of embedded hosts a shared one
 * ({@code <embedded dir>/shared-<pool>}), made at start; an admin adds shared repositories (any
 * directory of this machine). Every refusal names the field and the reason and leaves no file or
 * row behind: files are written under a temporary name and renamed only once checked.
 */
@Service
public class StorageService {

    /** The directory of an embedded host's local repository, inside the host's own directory. */
    static final String LOCAL_SR_DIR = "local-sr";
    private static final long MAX_IMAGE_MIB = 16L * 1024 * 1024;

    private final SrRepository srs;
    private final ImageRepository images;
    private final VbdRepository vbds;
    private final HostService hosts;
    private final PoolService pools;
    private final VmService vms;
    private final EventBus events;
    private final long maxUploadBytes;

    StorageService(SrRepository srs, ImageRepository images, VbdRepository vbds, HostService hosts, PoolService pools,
                   VmService vms, EventBus events, @Value("${xensv.storage.max-upload-mib:16384}") long maxUploadMiB) {
        this.srs = srs;
        this.images = images;
        this.vbds = vbds;
        this.hosts = hosts;
        this.pools = pools;
        this.vms = vms;
        this.events = events;
        this.maxUploadBytes = maxUploadMiB * ImageFiles.MIB;
    }

    /** The largest upload accepted, in bytes ({@code xensv.storage.max-upload-mib}). */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    // ---- repositories ---------------------------------------------------------------------------

    /**
     * Makes the default repositories the embedded hosts and pools lack (local per host, shared per
     * pool); see {@link StorageBootstrap}. Its own transaction: it also runs just after a host's commit.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void ensureDefaultRepositories() {
        for (HostView host : hosts.list()) {
            if (isEmbedded(host) && srs.findFirstByHostIdAndKind(host.id(), SrKind.LOCAL).isEmpty()) {
                Path dir = localDirectory(host);
                mkdirs(dir, "path");
                srs.save(new StorageRepository(host.poolId(), host.id(), uniqueName("Local storage on " + host.name()),
                        "The host's own directory: a migration copies these images", SrKind.LOCAL, dir, null));
            }
        }
        for (PoolView pool : pools.list()) {
            boolean embedded = hosts.list().stream().anyMatch(h -> h.poolId().equals(pool.id()) && isEmbedded(h));
            if (embedded && !srs.existsByPoolIdAndKind(pool.id(), SrKind.SHARED)) {
                Path dir = EmbeddedRuntime.directory().resolve("shared-" + pool.id());
                mkdirs(dir, "path");
                srs.save(new StorageRepository(pool.id(), null, uniqueName("Shared storage of " + pool.name()),
                        "A directory every host of the pool reaches: a migration copies nothing", SrKind.SHARED, dir, null));
            }
        }
    }

    private String uniqueName(String base) {
        String name = base.length() > 60 ? base.substring(0, 60) : base;
        for (int i = 2; srs.existsByNameIgnoreCase(name); i++) {
            name = base + " " + i;
        }
        return name;
    }

    static boolean isEmbedded(HostView host) {
        return host.uri().startsWith("embedded://");
    }

    /** {@code <embedded dir>/<runtime host name>/local-sr}: the runtime names the host's directory after its URI. */
    static Path localDirectory(HostView host) {
        String runtimeName = org.xensv.hypervisor.embedded.EmbeddedDriver.request(java.net.URI.create(host.uri())).name();
        return EmbeddedRuntime.directory().resolve(runtimeName).resolve(LOCAL_SR_DIR);
    }

    @Transactional(readOnly = true)
    public List<SrView> listRepositories() {
        Map<UUID, String> hostNames = hosts.list().stream().collect(Collectors.toMap(HostView::id, HostView::name));
        return srs.findAllByOrderByName().stream().map(sr -> view(sr, hostNames.get(sr.hostId()))).toList();
    }

    @Transactional(readOnly = true)
    public SrView getRepository(UUID id) {
        StorageRepository sr = findSr(id);
        return view(sr, sr.hostId() == null ? null : hosts.get(sr.hostId()).name());
    }

    /** Adds a shared repository: a directory of this machine every host of the pool reaches. */
    @Transactional
    @Audited("sr.create")
    public SrView createRepository(SrSpec spec) {
        UUID poolId = spec.poolId();
        if (poolId == null || !pools.exists(poolId)) {
            throw new InvalidValueException("poolId", poolId, "must name an existing pool");
        }
        String name = Names.check("name", spec.name());
        if (srs.existsByNameIgnoreCase(name)) {
            throw new InvalidValueException("name", name, "is already used by another storage repository");
        }
        if (spec.path() == null || spec.path().isBlank() || !Path.of(spec.path().strip()).isAbsolute()) {
            throw new InvalidValueException("path", spec.path(), "must be an absolute directory path, e.g. /srv/xensv/shared");
        }
        Path dir = Path.of(spec.path().strip()).normalize();
        if (srs.existsByPath(dir.toString())) {
            throw new InvalidValueException("path", dir, "is already the directory of another storage repository");
        }
        if (spec.quotaMiB() != null && (spec.quotaMiB() < 1 || spec.quotaMiB() > MAX_IMAGE_MIB)) {
            throw new InvalidValueException("quotaMiB", spec.quotaMiB(), "must be between 1 MiB and 16 TiB, or empty for the file system's size");
        }
        boolean existed = Files.isDirectory(dir);
        mkdirs(dir, "path");
        if (!Files.isWritable(dir)) {
            throw new InvalidValueException("path", dir, "is not a directory the console can write to");
        }
        try {
            StorageRepository sr = srs.saveAndFlush(new StorageRepository(poolId, null, name, spec.description(),
                    SrKind.SHARED, dir, spec.quotaMiB()));
            events.created(ObjectType.SR, sr.id());
            return view(sr, null);
        } catch (RuntimeException e) {
            if (!existed) {
                ImageFiles.deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** Forgets an empty shared repository (its directory stays). A host's local storage goes with the host. */
    @Transactional
    @Audited("sr.delete")
    public void deleteRepository(UUID id) {
        StorageRepository sr = findSr(id);
        if (sr.kind() == SrKind.LOCAL) {
            throw new ConflictException("SR_IS_LOCAL", Map.of("sr", sr.name()),
                    "'" + sr.name() + "' is a host's local storage; it goes when the host is removed.");
        }
        long count = images.countBySrId(id);
        if (count > 0) {
            throw new ConflictException("SR_NOT_EMPTY", Map.of("sr", sr.name(), "images", count),
                    "'" + sr.name() + "' still holds " + count + " image(s); delete or move them first.");
        }
        srs.delete(sr);
        events.deleted(ObjectType.SR, id);
    }

    private SrView view(StorageRepository sr, String hostName) {
        Space space = space(sr);
        return new SrView(sr.id(), sr.name(), sr.description(), sr.kind(), sr.poolId(), sr.hostId(), hostName,
                sr.path().toString(), sr.quotaMiB(), space.capacity(), space.free(), space.allocated(),
                (int) images.countBySrId(sr.id()));
    }

    /** Capacity and free space: the file system's, bounded by the quota (the images' virtual sizes count against it). */
    record Space(long capacity, long free, long allocated) {
    }

    Space space(StorageRepository sr) {
        long allocated = images.totalSizeBytes(sr.id());
        long capacity;
        long free;
        try {
            FileStore store = Files.getFileStore(sr.path());
            capacity = store.getTotalSpace();
            free = store.getUsableSpace();
        } catch (IOException e) {
            return new Space(0, 0, allocated);
        }
        if (sr.quotaMiB() != null) {
            long quota = sr.quotaMiB() * ImageFiles.MIB;
            capacity = Math.min(capacity, quota);
            free = Math.min(free, Math.max(0, quota - allocated));
        }
        return new Space(capacity, free, allocated);
    }

    // ---- images ---------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ImageView> listImages(UUID srId) {
        List<Image> list = srId == null ? images.findAllByOrderByName() : images.findBySrIdOrderByName(srId);
        Map<UUID, String> srNames = srs.findAll().stream().collect(Collectors.toMap(StorageRepository::id, StorageRepository::name));
        return list.stream().map(i -> i.view(srNames.get(i.srId()), attachedTo(i.id()))).toList();
    }

    @Transactional(readOnly = true)
    public ImageView getImage(UUID id) {
        Image image = findImage(id);
        return image.view(findSr(image.srId()).name(), attachedTo(id));
    }

    /** A blank raw disk of {@code sizeMiB}, sparse. */
    @Transactional
    @Audited("image.create")
    public ImageView createBlank(ImageSpec spec) {
        StorageRepository sr = srFor(spec.srId());
        String name = checkNewName(sr, spec.name());
        long sizeMiB = checkSize("sizeMiB", spec.sizeMiB());
        checkFits(sr, "sizeMiB", sizeMiB * ImageFiles.MIB);
        UUID id = UUID.randomUUID();
        Path file = sr.path().resolve(Image.fileName(id, ImageFormat.RAW));
        ImageFiles.createSparse(file, sizeMiB * ImageFiles.MIB);
        return saveOrRemove(new Image(id, sr.id(), name, spec.description(), ImageFormat.RAW, sizeMiB * ImageFiles.MIB), file, sr);
    }

    /** A copy of an image in the same repository, under a new name (sparse stays sparse). */
    @Transactional
    @Audited("image.clone")
    public ImageView cloneImage(UUID id, String newName) {
        Image source = findImage(id);
        StorageRepository sr = findSr(source.srId());
        String name = checkNewName(sr, newName);
        checkFits(sr, "name", source.sizeBytes());
        UUID cloneId = UUID.randomUUID();
        Path file = sr.path().resolve(Image.fileName(cloneId, source.format()));
        ImageFiles.copySparse(sr.path().resolve(source.fileName()), file);
        return saveOrRemove(new Image(cloneId, sr.id(), name, "Clone of " + source.name(), source.format(), source.sizeBytes()), file, sr);
    }

    /**
     * A copy of an image for a new VM on {@code hostId} (a VM made from a template): in the image's
     * own repository if the host reaches it (shared, or the host's local one), else in the host's
     * local repository; named {@code baseName}, or {@code baseName-2}... if taken. Refused as a
     * whole: no file or row is left.
     */
    @Transactional
    public ImageView cloneImageFor(UUID id, UUID hostId, String baseName) {
        Image source = findImage(id);
        StorageRepository from = findSr(source.srId());
        StorageRepository to = from.kind() == SrKind.SHARED || hostId.equals(from.hostId()) ? from
                : srs.findFirstByHostIdAndKind(hostId, SrKind.LOCAL).orElseThrow(() -> new InvalidValueException("hostId",
                        hosts.get(hostId).name(), "has no local storage to copy image '" + source.name()
                                + "' to; keep the template's disks on shared storage"));
        String name = baseName;
        for (int i = 2; images.existsBySrIdAndNameIgnoreCase(to.id(), name); i++) {
            name = baseName + "-" + i;
        }
        name = checkNewName(to, name);
        checkFits(to, "imageId", source.sizeBytes());
        UUID cloneId = UUID.randomUUID();
        Path file = to.path().resolve(Image.fileName(cloneId, source.format()));
        ImageFiles.copySparse(from.path().resolve(source.fileName()), file);
        return saveOrRemove(new Image(cloneId, to.id(), name, "Clone of " + source.name(), source.format(), source.sizeBytes()), file, to);
    }

    /** Whether the image lives on shared storage, which every host of its pool reaches. */
    @Transactional(readOnly = true)
    public boolean onSharedStorage(UUID imageId) {
        return findSr(findImage(imageId).srId()).kind() == SrKind.SHARED;
    }

    /** The shared repositories of a pool. */
    @Transactional(readOnly = true)
    public List<SrView> sharedRepositories(UUID poolId) {
        return srs.findAllByOrderByName().stream().filter(sr -> sr.kind() == SrKind.SHARED && sr.poolId().equals(poolId))
                .map(sr -> view(sr, null)).toList();
    }

    /** Grows a raw image to {@code sizeMiB}; refused for an ISO, a smaller size, or while a VM that is not halted uses it. */
    @Transactional
    @Audited("image.resize")
    public ImageView resize(UUID id, Long sizeMiB) {
        Image image = findImage(id);
        if (image.format() == ImageFormat.ISO) {
            throw new InvalidValueException("sizeMiB", sizeMiB, "cannot be changed: '" + image.name() + "' is a read-only ISO");
        }
        long size = checkSize("sizeMiB", sizeMiB);
        if (size * ImageFiles.MIB <= image.sizeBytes()) {
            throw new InvalidValueException("sizeMiB", sizeMiB, "must be larger than the image's " + image.sizeMiB()
                    + " MiB; shrinking would cut off the guest's data");
        }
        StorageRepository sr = findSr(image.srId());
        checkFits(sr, "sizeMiB", size * ImageFiles.MIB - image.sizeBytes());
        List<String> busy = vbds.findByImageId(id).stream().map(v -> vms.get(v.vmId()))
                .filter(vm -> vm.powerState() != org.xensv.hypervisor.api.PowerState.HALTED).map(vm -> vm.name()).toList();
        if (!busy.isEmpty()) {
            throw new ConflictException("IMAGE_IN_USE", Map.of("image", image.name(), "vms", busy),
                    "Image '" + image.name() + "' is in use by running VM(s) " + String.join(", ", busy) + "; shut them down to resize it.");
        }
        ImageFiles.grow(sr.path().resolve(image.fileName()), size * ImageFiles.MIB);
        image.resized(size * ImageFiles.MIB);
        for (Vbd vbd : vbds.findByImageId(id)) {
            vms.redefine(vbd.vmId(), "resize its disk");
        }
        events.changed(ObjectType.IMAGE, id);
        return image.view(sr.name(), attachedTo(id));
    }

    /** Deletes an image and its file; refused while it is attached, naming the VMs. */
    @Transactional
    @Audited("image.delete")
    public void deleteImage(UUID id) {
        Image image = findImage(id);
        List<String> users = attachedTo(id);
        if (!users.isEmpty()) {
            throw new ConflictException("IMAGE_IN_USE", Map.of("image", image.name(), "vms", users),
                    "Image '" + image.name() + "' is attached to VM(s) " + String.join(", ", users) + "; detach it first.");
        }
        StorageRepository sr = findSr(image.srId());
        images.delete(image);
        images.flush();
        ImageFiles.deleteQuietly(sr.path().resolve(image.fileName()));
        events.deleted(ObjectType.IMAGE, id);
    }

    /**
     * Imports an uploaded file as a new image: streamed to a temporary file in the repository (at
     * most the upload limit and the repository's free space), checked against its format (a raw
     * disk is any file, rounded up to a whole MiB, but a qcow2 file uploaded as raw is refused; a
     * qcow2 file's header is checked and the file converted to raw; an ISO must carry the ISO 9660
     * signature), then renamed into place. On any refusal nothing is left: no file, no row.
     *
     * Not one transaction: the upload may take long, and no database connection is held while it
     * streams; the row is written in its own once the file is in place (and the file removed if that fails).
     *
     * @param format RAW, QCOW2 or ISO; null = from the file name's extension (.qcow2, .iso, else raw)
     */
    @Audited("image.import")
    public ImageView importImage(UUID srId, String name, String format, String fileName, InputStream data) {
        StorageRepository sr = srFor(srId);
        String imageName = checkNewName(sr, name == null || name.isBlank() ? baseName(fileName) : name);
        String kind = formatOf(format, fileName);
        Space space = space(sr);
        long limit = Math.min(maxUploadBytes, space.free());
        String why = space.free() < maxUploadBytes
                ? "does not fit: repository '" + sr.name() + "' has " + space.free() / ImageFiles.MIB + " MiB free"
                : "is larger than the upload limit of " + maxUploadBytes / ImageFiles.MIB + " MiB";
        UUID id = UUID.randomUUID();
        Path temp = sr.path().resolve("." + id + ".upload");
        ImageFiles.receive(data, temp, limit, why);
        Path file = null;
        try {
            long received = ImageFiles.size(temp);
            if (received == 0) {
                throw new InvalidValueException("file", "0 bytes", "is empty");
            }
            byte[] head = ImageFiles.head(temp, Qcow2Header.LENGTH);
            int headLength = (int) Math.min(received, Qcow2Header.LENGTH);
            Image image;
            switch (kind) {
                case "QCOW2" -> {
                    Qcow2Header header = Qcow2Header.parse(head, headLength, "file");
                    long sizeBytes = roundUpToMiB(header.virtualSize());
                    checkFits(sr, "file", sizeBytes);
                    file = sr.path().resolve(Image.fileName(id, ImageFormat.RAW));
                    ImageFiles.qcow2ToRaw(temp, file);
                    ImageFiles.grow(file, sizeBytes);
                    image = new Image(id, sr.id(), imageName, "Imported from qcow2", ImageFormat.RAW, sizeBytes);
                }
                case "ISO" -> {
                    if (!ImageFiles.isIso(temp)) {
                        throw new InvalidValueException("file", fileName, "is not an ISO 9660 image: no CD001 volume descriptor at byte 32769");
                    }
                    file = sr.path().resolve(Image.fileName(id, ImageFormat.ISO));
                    Files.move(temp, file);
                    image = new Image(id, sr.id(), imageName, "Imported ISO", ImageFormat.ISO, received);
                }
                default -> {
                    if (Qcow2Header.hasMagic(head, headLength)) {
                        throw new InvalidValueException("format", "RAW", "does not match the file: it is a qcow2 image; import it as QCOW2");
                    }
                    long sizeBytes = roundUpToMiB(received);
                    checkSize("file", sizeBytes / ImageFiles.MIB);
                    file = sr.path().resolve(Image.fileName(id, ImageFormat.RAW));
                    Files.move(temp, file);
                    ImageFiles.grow(file, sizeBytes);
                    image = new Image(id, sr.id(), imageName, "Imported raw disk", ImageFormat.RAW, sizeBytes);
                }
            }
            return saveOrRemove(image, file, sr);
        } catch (IOException e) {
            ImageFiles.deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (file != null) {
                ImageFiles.deleteQuietly(file);
            }
            throw e;
        } finally {
            ImageFiles.deleteQuietly(temp);
        }
    }

    private static long roundUpToMiB(long bytes) {
        return (bytes + ImageFiles.MIB - 1) / ImageFiles.MIB * ImageFiles.MIB;
    }

    private static String baseName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = Path.of(fileName).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String formatOf(String format, String fileName) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toUpperCase(Locale.ROOT);
            if (!List.of("RAW", "QCOW2", "ISO").contains(f)) {
                throw new InvalidValueException("format", format, "must be RAW, QCOW2 or ISO");
            }
            return f;
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".qcow2") ? "QCOW2" : lower.endsWith(".iso") ? "ISO" : "RAW";
    }

    private ImageView saveOrRemove(Image image, Path file, StorageRepository sr) {
        try {
            images.saveAndFlush(image);
        } catch (RuntimeException e) {
            ImageFiles.deleteQuietly(file);
            throw e;
        }
        events.created(ObjectType.IMAGE, image.id());
        return image.view(sr.name(), List.of());
    }

    private String checkNewName(StorageRepository sr, String name) {
        String checked = Names.check("name", name);
        if (images.existsBySrIdAndNameIgnoreCase(sr.id(), checked)) {
            throw new InvalidValueException("name", checked, "is already used by another image in '" + sr.name() + "'");
        }
        return checked;
    }

    private static long checkSize(String field, Long sizeMiB) {
        if (sizeMiB == null || sizeMiB < 1 || sizeMiB > MAX_IMAGE_MIB) {
            throw new InvalidValueException(field, sizeMiB, "must be between 1 MiB and 16 TiB (16777216 MiB)");
        }
        return sizeMiB;
    }

    private void checkFits(StorageRepository sr, String field, long bytes) {
        long free = space(sr).free();
        if (bytes > free) {
            throw new InvalidValueException(field, bytes / ImageFiles.MIB + " MiB", "does not fit: repository '"
                    + sr.name() + "' has " + free / ImageFiles.MIB + " MiB free");
        }
    }

    /** The image whose file is {@code file}, if any (an import maps a config's disk onto it). */
    @Transactional(readOnly = true)
    public Optional<ImageView> imageAt(Path file) {
        Path wanted = file.toAbsolutePath().normalize();
        Map<UUID, StorageRepository> byId = srs.findAll().stream().collect(Collectors.toMap(StorageRepository::id, sr -> sr));
        for (Image image : images.findAllByOrderByName()) {
            StorageRepository sr = byId.get(image.srId());
            if (sr.path().resolve(image.fileName()).toAbsolutePath().normalize().equals(wanted)) {
                return Optional.of(image.view(sr.name(), attachedTo(image.id())));
            }
        }
        return Optional.empty();
    }

    /** Where the image's file is. */
    public Path fileOf(UUID imageId) {
        Image image = findImage(imageId);
        return findSr(image.srId()).path().resolve(image.fileName());
    }

    /** Names of the VMs the image is attached to. */
    List<String> attachedTo(UUID imageId) {
        List<String> names = new ArrayList<>();
        for (Vbd vbd : vbds.findByImageId(imageId)) {
            names.add(vms.get(vbd.vmId()).name());
        }
        return names.stream().distinct().sorted().toList();
    }

    private StorageRepository srFor(UUID srId) {
        if (srId == null) {
            throw new InvalidValueException("srId", null, "is required: pick a storage repository");
        }
        return srs.findById(srId).orElseThrow(() -> new InvalidValueException("srId", srId, "must name an existing storage repository"));
    }

    StorageRepository findSr(UUID id) {
        return srs.findById(id).orElseThrow(() -> new NotFoundException("storage repository", id));
    }

    Image findImage(UUID id) {
        return images.findById(id).orElseThrow(() -> new NotFoundException("image", id));
    }

    private static void mkdirs(Path dir, String field) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidValueException(field, dir, "cannot be made a directory: " + e.getMessage());
        }
    }

}
