package org.xensv.webui.vm;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The New VM wizard's disk step without a browser: no disk, a new blank disk of a size in a
 * repository, or an existing image. The choices offered are those the VM's host reaches (its own
 * local repository, or shared ones); an image already attached read-write elsewhere is not free.
 */
public final class NewVmDisk {

    public enum Kind {
        NONE("No disk"), BLANK("New blank disk"), EXISTING("Existing image");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A repository a new disk may go to; {@code hostId} null = shared by the pool. */
    public record RepositoryChoice(UUID id, String name, UUID hostId, long freeMiB) {

        public String label() {
            return name + " (" + freeMiB + " MiB free)";
        }
    }

    /** An image that may be attached; {@code hostId} null = on shared storage. */
    public record ImageChoice(UUID id, String name, UUID hostId, long sizeMiB, boolean iso, boolean inUse) {

        public String label() {
            return name + " (" + (iso ? "ISO, " : "") + sizeMiB + " MiB" + (inUse ? ", in use" : "") + ")";
        }
    }

    private final List<RepositoryChoice> repositories;
    private final List<ImageChoice> images;
    private Kind kind = Kind.NONE;
    private UUID repositoryId;
    private String sizeMiB = "1024";
    private UUID imageId;

    public NewVmDisk(List<RepositoryChoice> repositories, List<ImageChoice> images) {
        this.repositories = List.copyOf(repositories);
        this.images = List.copyOf(images);
    }

    public static NewVmDisk none() {
        return new NewVmDisk(List.of(), List.of());
    }

    public void setKind(Kind kind) {
        this.kind = kind == null ? Kind.NONE : kind;
    }

    public void setRepositoryId(UUID id) {
        this.repositoryId = id;
    }

    public void setSizeMiB(String size) {
        this.sizeMiB = size == null ? "" : size;
    }

    public void setImageId(UUID id) {
        this.imageId = id;
    }

    public Kind kind() {
        return kind;
    }

    public UUID repositoryId() {
        return repositoryId;
    }

    public String sizeMiB() {
        return sizeMiB;
    }

    public UUID imageId() {
        return imageId;
    }

    /** The repositories the host reaches (its local one and the shared ones). */
    public List<RepositoryChoice> repositoriesFor(UUID hostId) {
        return repositories.stream().filter(r -> r.hostId() == null || r.hostId().equals(hostId)).toList();
    }

    /** The images the host reaches. */
    public List<ImageChoice> imagesFor(UUID hostId) {
        return images.stream().filter(i -> i.hostId() == null || i.hostId().equals(hostId)).toList();
    }

    /** The error of the disk step for a VM on {@code hostId}, as (field, sentence); empty when it may be left. */
    public Optional<String[]> validate(UUID hostId) {
        switch (kind) {
            case NONE -> {
                return Optional.empty();
            }
            case BLANK -> {
                Optional<RepositoryChoice> repo = repositories.stream().filter(r -> r.id().equals(repositoryId)).findFirst();
                if (repo.isEmpty()) {
                    return Optional.of(new String[] {"repository", "Choose a storage repository"});
                }
                if (repo.get().hostId() != null && !repo.get().hostId().equals(hostId)) {
                    return Optional.of(new String[] {"repository", "Is another host's local storage; choose this host's or a shared one"});
                }
                Long size = size();
                if (size == null || size < 1 || size > 16L * 1024 * 1024) {
                    return Optional.of(new String[] {"size", "Must be a whole number of MiB between 1 and 16777216"});
                }
                if (size > repo.get().freeMiB()) {
                    return Optional.of(new String[] {"size", "Does not fit: " + repo.get().name() + " has " + repo.get().freeMiB() + " MiB free"});
                }
                return Optional.empty();
            }
            case EXISTING -> {
                Optional<ImageChoice> image = images.stream().filter(i -> i.id().equals(imageId)).findFirst();
                if (image.isEmpty()) {
                    return Optional.of(new String[] {"image", "Choose an image"});
                }
                if (image.get().hostId() != null && !image.get().hostId().equals(hostId)) {
                    return Optional.of(new String[] {"image", "Is on another host's local storage; choose one this host reaches"});
                }
                if (image.get().inUse() && !image.get().iso()) {
                    return Optional.of(new String[] {"image", "Is attached to another VM; clone it first"});
                }
                return Optional.empty();
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The size typed, or null if it is not a number. */
    public Long size() {
        try {
            return Long.valueOf(sizeMiB.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The summary line. */
    public String summary() {
        return switch (kind) {
            case NONE -> "None";
            case BLANK -> "New blank disk of " + sizeMiB.strip() + " MiB in "
                    + repositories.stream().filter(r -> r.id().equals(repositoryId)).map(RepositoryChoice::name).findFirst().orElse("—");
            case EXISTING -> images.stream().filter(i -> i.id().equals(imageId)).map(ImageChoice::label).findFirst().orElse("—");
        };
    }
}
