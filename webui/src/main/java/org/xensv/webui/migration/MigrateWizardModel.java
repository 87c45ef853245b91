package org.xensv.webui.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.toolstack.migration.DestinationOption;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.webui.wizard.WizardSteps;

/**
 * The Migrate wizard without a browser: destination, options, prediction. It holds what the admin
 * typed, checks each step before moving on, turns it into a {@link MigrateRequest}, and places the
 * toolstack's refusals ({@link InvalidValueException#field()}) at the field they name.
 */
public final class MigrateWizardModel {

    public enum Step {
        DESTINATION("Destination"), OPTIONS("Options"), PREDICTION("Prediction");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public enum Field {
        HOST(Step.DESTINATION), BANDWIDTH(Step.OPTIONS), DOWNTIME(Step.OPTIONS);

        private final Step step;

        Field(Step step) {
            this.step = step;
        }

        public Step step() {
            return step;
        }
    }

    public record FieldError(Field field, String message) {
    }

    /** The link presets of the bandwidth field; {@link #CUSTOM} takes a typed number of Mbit/s. */
    public enum Bandwidth {
        UNLIMITED("Unlimited", 0), MBIT_100("100 Mbit/s", 100), GBIT_1("1 Gbit/s", 1_000), GBIT_10("10 Gbit/s", 10_000),
        CUSTOM("Custom…", -1);

        private final String label;
        private final long mbps;

        Bandwidth(String label, long mbps) {
            this.label = label;
            this.mbps = mbps;
        }

        public String label() {
            return label;
        }
    }

    static final long MAX_MBPS = 1_000_000;
    static final long MAX_DOWNTIME_MS = 60_000;

    private final String vmName;
    private final String sourceName;
    private final List<DestinationOption> destinations;
    private final WizardSteps<Step> steps = new WizardSteps<>(Step.class);
    private UUID hostId;
    private boolean live = true;
    private Bandwidth bandwidth = Bandwidth.UNLIMITED;
    private String customMbps = "";
    private String downtimeMs = String.valueOf(MigrationOptions.DEFAULT_DOWNTIME.toMillis());
    private boolean postCopy;
    private boolean autoConverge = true;

    /** Preselects the first eligible destination (the toolstack lists the roomiest eligible one first). */
    public MigrateWizardModel(String vmName, String sourceName, List<DestinationOption> destinations) {
        this.vmName = vmName;
        this.sourceName = sourceName;
        this.destinations = List.copyOf(destinations);
        this.hostId = destinations.stream().filter(DestinationOption::eligible).findFirst().map(DestinationOption::hostId).orElse(null);
    }

    // ---- navigation ----

    public Step step() {
        return steps.current();
    }

    public boolean isFirst() {
        return steps.isFirst();
    }

    public boolean isLast() {
        return steps.isLast();
    }

    /** Moves on if the current step is valid; otherwise stays and says what is wrong. */
    public List<FieldError> next() {
        return steps.next(this::validate);
    }

    public void back() {
        steps.back();
    }

    public void goTo(Step target) {
        steps.goTo(target);
    }

    // ---- validation ----

    /** The errors of every step up to and including this one. */
    public List<FieldError> validate(Step upTo) {
        List<FieldError> errors = new ArrayList<>();
        if (upTo.ordinal() >= Step.DESTINATION.ordinal()) {
            hostError().ifPresent(errors::add);
        }
        if (upTo.ordinal() >= Step.OPTIONS.ordinal()) {
            bandwidthError().ifPresent(errors::add);
            downtimeError().ifPresent(errors::add);
        }
        return errors;
    }

    private Optional<FieldError> hostError() {
        if (destinations.isEmpty()) {
            return error(Field.HOST, "There is no other host in this pool to move " + vmName + " to.");
        }
        if (hostId == null) {
            return error(Field.HOST, destinations.stream().anyMatch(DestinationOption::eligible)
                    ? "Pick the host to move " + vmName + " to."
                    : "No host can take " + vmName + " now: each one's reason is shown beside it.");
        }
        Optional<DestinationOption> chosen = destination();
        if (chosen.isEmpty()) {
            return error(Field.HOST, "That host is no longer in the pool.");
        }
        if (!chosen.get().eligible()) {
            return error(Field.HOST, chosen.get().hostName() + " cannot take " + vmName + ": " + chosen.get().reason() + ".");
        }
        return Optional.empty();
    }

    private Optional<FieldError> bandwidthError() {
        if (bandwidth != Bandwidth.CUSTOM) {
            return Optional.empty();
        }
        Long value = parse(customMbps);
        if (value == null) {
            return error(Field.BANDWIDTH, "Enter the link limit as a whole number of Mbit/s, e.g. 250.");
        }
        if (value < 1 || value > MAX_MBPS) {
            return error(Field.BANDWIDTH, "The limit must be between 1 and " + Units.count(MAX_MBPS) + " Mbit/s (or pick Unlimited).");
        }
        return Optional.empty();
    }

    private Optional<FieldError> downtimeError() {
        if (!live) {
            return Optional.empty();
        }
        Long value = parse(downtimeMs);
        if (value == null) {
            return error(Field.DOWNTIME, "Enter the downtime target as a whole number of milliseconds, e.g. 300.");
        }
        if (value < 1 || value > MAX_DOWNTIME_MS) {
            return error(Field.DOWNTIME, "The downtime target must be between 1 and " + Units.count(MAX_DOWNTIME_MS) + " ms.");
        }
        return Optional.empty();
    }

    private static Optional<FieldError> error(Field field, String message) {
        return Optional.of(new FieldError(field, message));
    }

    private static Long parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().replace("_", "").replace(",", "");
        if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(t);
    }

    /**
     * The toolstack's refusal, at the field it names: {@code hostId}, {@code bandwidthMbps} or
     * {@code downtimeTargetMs}. Moves the wizard back to that field's step. Empty when the error
     * belongs to no field (the dialog then shows it as a message).
     */
    public Optional<FieldError> placeServerError(HypervisorException e) {
        if (!(e instanceof InvalidValueException invalid) || invalid.field() == null) {
            return Optional.empty();
        }
        Field field = switch (invalid.field()) {
            case "hostId" -> Field.HOST;
            case "bandwidthMbps" -> Field.BANDWIDTH;
            case "downtimeTargetMs" -> Field.DOWNTIME;
            default -> null;
        };
        if (field == null) {
            return Optional.empty();
        }
        steps.goTo(field.step());
        return Optional.of(new FieldError(field, sentence(invalid.getMessage(), invalid.field())));
    }

    /** "hostId cannot take VM 'x': ..." reads better as "Cannot take VM 'x': ...". */
    static String sentence(String message, String field) {
        String m = message.startsWith(field + " ") ? message.substring(field.length() + 1) : message;
        return m.isEmpty() ? m : m.substring(0, 1).toUpperCase(Locale.ROOT) + m.substring(1);
    }

    // ---- the request ----

    /** What the toolstack is asked for; only call when {@link #validate} of the last step is empty. */
    public MigrateRequest toRequest() {
        Long mbps = switch (bandwidth) {
            case UNLIMITED -> 0L;
            case CUSTOM -> parse(customMbps);
            default -> bandwidth.mbps;
        };
        Long downtime = live ? parse(downtimeMs) : null;
        return new MigrateRequest(hostId, live, mbps, downtime, live && postCopy, live && autoConverge);
    }

    /** The options as one line, for the prediction page and the progress page's subtitle. */
    public String optionsSummary() {
        StringBuilder s = new StringBuilder(live ? "Live (pre-copy)" : "Stop and copy");
        s.append(" · ").append(bandwidthLabel());
        if (live) {
            s.append(" · downtime target ").append(downtimeMs.strip()).append(" ms");
            if (autoConverge) {
                s.append(" · auto-converge");
            }
            if (postCopy) {
                s.append(" · post-copy allowed");
            }
        }
        return s.toString();
    }

    public String bandwidthLabel() {
        return switch (bandwidth) {
            case UNLIMITED -> "unlimited link";
            case CUSTOM -> customMbps.strip() + " Mbit/s limit";
            default -> bandwidth.label() + " limit";
        };
    }

    // ---- fields ----

    public String vmName() {
        return vmName;
    }

    public String sourceName() {
        return sourceName;
    }

    public List<DestinationOption> destinations() {
        return destinations;
    }

    public Optional<DestinationOption> destination() {
        return destinations.stream().filter(d -> d.hostId().equals(hostId)).findFirst();
    }

    public String destinationName() {
        return destination().map(DestinationOption::hostName).orElse("");
    }

    public UUID hostId() {
        return hostId;
    }

    public void setHostId(UUID hostId) {
        this.hostId = hostId;
    }

    public boolean live() {
        return live;
    }

    public void setLive(boolean live) {
        this.live = live;
    }

    public Bandwidth bandwidth() {
        return bandwidth;
    }

    public void setBandwidth(Bandwidth bandwidth) {
        this.bandwidth = bandwidth == null ? Bandwidth.UNLIMITED : bandwidth;
    }

    public String customMbps() {
        return customMbps;
    }

    public void setCustomMbps(String customMbps) {
        this.customMbps = customMbps == null ? "" : customMbps;
    }

    public String downtimeMs() {
        return downtimeMs;
    }

    public void setDowntimeMs(String downtimeMs) {
        this.downtimeMs = downtimeMs == null ? "" : downtimeMs;
    }

    public boolean postCopy() {
        return postCopy;
    }

    public void setPostCopy(boolean postCopy) {
        this.postCopy = postCopy;
    }

    public boolean autoConverge() {
        return autoConverge;
    }

    public void setAutoConverge(boolean autoConverge) {
        this.autoConverge = autoConverge;
    }
}
