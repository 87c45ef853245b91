package org.xensv.agent.wire;

import java.time.Duration;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

/** The migration engine's options, predictions, progress and reports as protobuf messages and back. */
public final class MigrationMessages {

    private MigrationMessages() {
    }

    public static org.xensv.agent.proto.Endpoint toProto(MigrationEndpoint e) {
        return org.xensv.agent.proto.Endpoint.newBuilder().setHost(e.host()).setPort(e.port()).build();
    }

    public static MigrationEndpoint endpoint(org.xensv.agent.proto.Endpoint e) {
        return new MigrationEndpoint(e.getHost(), e.getPort());
    }

    public static org.xensv.agent.proto.MigrationOptions toProto(MigrationOptions o) {
        return org.xensv.agent.proto.MigrationOptions.newBuilder().setLive(o.live()).setBandwidthBytesPerSec(o.bandwidthBytesPerSec())
                .setDowntimeTargetNanos(o.downtimeTarget().toNanos()).setMaxRounds(o.maxRounds()).setMaxBytesFactor(o.maxBytesFactor())
                .setAutoConverge(o.autoConverge()).setPostCopy(o.postCopy()).setVerifyChecksum(o.verifyChecksum())
                .setPostCopyRecoveryTimeoutNanos(o.postCopyRecoveryTimeout().toNanos()).build();
    }

    public static MigrationOptions options(org.xensv.agent.proto.MigrationOptions o) {
        return new MigrationOptions(o.getLive(), o.getBandwidthBytesPerSec(), Duration.ofNanos(o.getDowntimeTargetNanos()),
                o.getMaxRounds(), o.getMaxBytesFactor(), o.getAutoConverge(), o.getPostCopy(), o.getVerifyChecksum(),
                Duration.ofNanos(o.getPostCopyRecoveryTimeoutNanos()));
    }

    public static org.xensv.agent.proto.MigrationPrediction toProto(MigrationPrediction p) {
        var b = org.xensv.agent.proto.MigrationPrediction.newBuilder().setNonZeroBytes(p.nonZeroBytes())
                .setDirtyBytesPerSec(p.dirtyBytesPerSec()).setBandwidthBytesPerSec(p.bandwidthBytesPerSec()).setRounds(p.rounds())
                .setTotalTimeNanos(p.totalTime().toNanos()).setDowntimeNanos(p.downtime().toNanos()).setBytes(p.bytes())
                .setConverges(p.converges()).setDirtyRateExceedsLink(p.dirtyRateExceedsLink()).setMode(p.mode().name())
                .setSlowedTimeNanos(p.slowedTime().toNanos());
        if (p.warning() != null) {
            b.setWarning(p.warning());
        }
        return b.build();
    }

    public static MigrationPrediction prediction(org.xensv.agent.proto.MigrationPrediction p) {
        return new MigrationPrediction(p.getNonZeroBytes(), p.getDirtyBytesPerSec(), p.getBandwidthBytesPerSec(), p.getRounds(),
                Duration.ofNanos(p.getTotalTimeNanos()), Duration.ofNanos(p.getDowntimeNanos()), p.getBytes(), p.getConverges(),
                p.getDirtyRateExceedsLink(), DomainMessages.named(MigrationMode.class, "mode", p.getMode()),
                p.hasWarning() ? p.getWarning() : null, Duration.ofNanos(p.getSlowedTimeNanos()));
    }

    public static org.xensv.agent.proto.RoundReport toProto(RoundReport r) {
        return org.xensv.agent.proto.RoundReport.newBuilder().setRound(r.round()).setKind(r.kind()).setPagesSent(r.pagesSent())
                .setZeroPages(r.zeroPages()).setBytesSent(r.bytesSent()).setDirtyPages(r.dirtyPages())
                .setDirtyPagesPerSec(r.dirtyPagesPerSec()).setDurationNanos(r.duration().toNanos())
                .setThrottlePercent(r.throttlePercent()).build();
    }

    public static RoundReport round(org.xensv.agent.proto.RoundReport r) {
        return new RoundReport(r.getRound(), r.getKind(), r.getPagesSent(), r.getZeroPages(), r.getBytesSent(), r.getDirtyPages(),
                r.getDirtyPagesPerSec(), Duration.ofNanos(r.getDurationNanos()), r.getThrottlePercent());
    }

    public static org.xensv.agent.proto.MigrationProgress toProto(MigrationProgress.Event e) {
        var b = org.xensv.agent.proto.MigrationProgress.newBuilder().setPhase(e.phase().name()).setRound(e.round())
                .setBytesSent(e.bytesSent()).setRemainingBytes(e.remainingBytes()).setDirtyBytesPerSec(e.dirtyBytesPerSec())
                .setThrottlePercent(e.throttlePercent()).setElapsedNanos(e.elapsedNanos());
        if (e.completedRound() != null) {
            b.setCompletedRound(toProto(e.completedRound()));
        }
        return b.build();
    }

    public static MigrationProgress.Event progress(org.xensv.agent.proto.MigrationProgress e) {
        return new MigrationProgress.Event(phase(e.getPhase()), e.getRound(), e.getBytesSent(), e.getRemainingBytes(),
                e.getDirtyBytesPerSec(), e.getThrottlePercent(), e.getElapsedNanos(),
                e.hasCompletedRound() ? round(e.getCompletedRound()) : null);
    }

    public static MigrationPhase phase(String name) {
        return DomainMessages.named(MigrationPhase.class, "phase", name);
    }

    /** The report, naming {@code destination} (what the caller asked for, not the agent's local relay). */
    public static org.xensv.agent.proto.MigrationReport toProto(MigrationReport r, String destination) {
        var b = org.xensv.agent.proto.MigrationReport.newBuilder().setMigrationId(r.migrationId().toString())
                .setDomain(r.domain().toString()).setDestination(destination).setMode(r.mode().name())
                .setTotalTimeNanos(r.totalTime().toNanos()).setDowntimeNanos(r.downtime().toNanos()).setBytesOnWire(r.bytesOnWire())
                .setPagesSent(r.pagesSent()).setRounds(r.rounds()).setMaxThrottlePercent(r.maxThrottlePercent())
                .setThrottledTimeNanos(r.throttledTime().toNanos()).setPageWaitTimeNanos(r.pageWaitTime().toNanos())
                .setPageRequests(r.pageRequests()).setMemoryChecksum(r.memoryChecksum()).setVerifyTimeNanos(r.verifyTime().toNanos())
                .setGcPauseTimeNanos(r.gcPauseTime().toNanos()).setPrediction(toProto(r.prediction()));
        r.roundReports().forEach(round -> b.addRoundReports(toProto(round)));
        return b.build();
    }

    public static MigrationReport report(org.xensv.agent.proto.MigrationReport r) {
        return new MigrationReport(DomainMessages.uuid(r.getMigrationId()), DomainMessages.uuid(r.getDomain()), r.getDestination(),
                DomainMessages.named(MigrationMode.class, "mode", r.getMode()),
                r.getRoundReportsList().stream().map(MigrationMessages::round).toList(), Duration.ofNanos(r.getTotalTimeNanos()),
                Duration.ofNanos(r.getDowntimeNanos()), r.getBytesOnWire(), r.getPagesSent(), r.getRounds(), r.getMaxThrottlePercent(),
                Duration.ofNanos(r.getThrottledTimeNanos()), Duration.ofNanos(r.getPageWaitTimeNanos()), r.getPageRequests(),
                r.getMemoryChecksum(), Duration.ofNanos(r.getVerifyTimeNanos()), Duration.ofNanos(r.getGcPauseTimeNanos()),
                prediction(r.getPrediction()));
    }
}
