package org.xensv.hypervisor.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.virTypedParameter;
import org.xensv.hypervisor.api.RateLimit;

/**
 * A NIC's bandwidth and a disk's IO limits changed on a running domain ({@code VIR_DOMAIN_AFFECT_LIVE}),
 * as {@code virsh domiftune --live} and {@code virsh blkdeviotune --live} do; the caller then defines
 * the persistent config again with the same values and xensv's metadata (the exact rate), which is
 * what {@code VIR_DOMAIN_AFFECT_CONFIG} would change, and which libvirt's test driver refuses together
 * with {@code LIVE} ("mutually exclusive"). libvirt-java 0.5.4 binds neither
 * {@code virDomainSetInterfaceParameters} nor {@code virDomainSetBlockIoTune}: they are called through
 * JNA with libvirt's typed parameters, laid out as libvirt-java lays them out for its own calls.
 */
final class LiveTune {

    /** {@code VIR_DOMAIN_AFFECT_LIVE}. */
    static final int LIVE = 1;
    /** {@code VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG}, for hot-plug. */
    static final int LIVE_AND_CONFIG = 1 | 2;

    private interface Tuning extends Library {
        Tuning LIBVIRT = Native.load("virt", Tuning.class);

        int virDomainSetInterfaceParameters(DomainPointer domain, String device, virTypedParameter[] params, int nparams, int flags);

        int virDomainSetBlockIoTune(DomainPointer domain, String disk, virTypedParameter[] params, int nparams, int flags);
    }

    private LiveTune() {
    }

    /**
     * The NIC with this MAC gets {@code rate} both ways (null: no limit, libvirt's average 0), in
     * libvirt's units as {@link DomainXml} writes {@code <bandwidth>}: average in KiB/s, burst in KiB.
     */
    static void nicRate(LibvirtConnection host, UUID uuid, String vm, Domain domain, String mac, RateLimit rate, String operation) {
        Map<String, Long> params = new LinkedHashMap<>();
        long average = rate == null ? 0 : Math.max(1, (rate.bytesPerSecond() + 1023) / 1024);
        for (String direction : new String[] {"inbound", "outbound"}) {
            params.put(direction + ".average", average);
            if (rate != null) {
                params.put(direction + ".burst", Math.max(1, (rate.bytesPerInterval() + 1023) / 1024));
            }
        }
        virTypedParameter[] typed = typed(params, virTypedParameter.TYPED_PARAM_UINT);
        int result = Tuning.LIBVIRT.virDomainSetInterfaceParameters(LibvirtNative.pointer(domain), mac, typed, typed.length, LIVE);
        Reference.reachabilityFence(domain);
        if (result < 0) {
            throw LibvirtNative.lastError(host, uuid, vm, operation);
        }
    }

    /** The disk (its source path or target) gets these limits, 0 = none, as {@code <iotune>}'s {@code total_*_sec}. */
    static void diskLimits(LibvirtConnection host, UUID uuid, String vm, Domain domain, String disk, long iops, long bytesPerSecond,
            String operation) {
        Map<String, Long> params = new LinkedHashMap<>();
        params.put("total_bytes_sec", bytesPerSecond);
        params.put("total_iops_sec", iops);
        virTypedParameter[] typed = typed(params, virTypedParameter.TYPED_PARAM_ULONG);
        int result = Tuning.LIBVIRT.virDomainSetBlockIoTune(LibvirtNative.pointer(domain), disk, typed, typed.length, LIVE);
        Reference.reachabilityFence(domain);
        if (result < 0) {
            throw LibvirtNative.lastError(host, uuid, vm, operation);
        }
    }

    /** libvirt's {@code virTypedParameter} array, contiguous in native memory as JNA passes a structure array. */
    private static virTypedParameter[] typed(Map<String, Long> values, int type) {
        virTypedParameter[] typed = (virTypedParameter[]) new virTypedParameter().toArray(values.size());
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            virTypedParameter p = typed[i++];
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, p.field, 0, name.length); // the rest stays NUL
            p.type = type;
            if (type == virTypedParameter.TYPED_PARAM_UINT) {
                p.value.i = (int) Math.min(e.getValue(), 0xFFFF_FFFFL); // unsigned in C
                p.value.setType(int.class);
            } else {
                p.value.l = e.getValue();
                p.value.setType(long.class);
            }
        }
        return typed;
    }
}
