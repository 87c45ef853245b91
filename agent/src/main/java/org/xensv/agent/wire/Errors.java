package org.xensv.agent.wire;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.xensv.agent.proto.HypervisorError;
import org.xensv.agent.proto.ParamValue;
import org.xensv.agent.proto.StringList;
import org.xensv.hypervisor.api.BadPowerStateException;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NoSuchDomainException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.migration.MigrationFailedException;
import org.xensv.hypervisor.migration.MigrationPhase;

/**
 * A {@link HypervisorException} across the wire: the agent ends a refused call with a gRPC status
 * whose trailers carry the error's code, parameters and sentence; the console raises the same
 * exception class again, so its callers (and the contract suite) cannot tell an agent from the
 * embedded runtime. A call that fails for want of the agent becomes {@link HostUnreachableException}.
 */
public final class Errors {

    public static final Metadata.Key<HypervisorError> ERROR_KEY = ProtoUtils.keyForProto(HypervisorError.getDefaultInstance());

    private Errors() {
    }

    /** What the agent sends back for {@code failure}. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof HypervisorException e) {
            Metadata trailers = new Metadata();
            trailers.put(ERROR_KEY, toProto(e));
            return statusFor(e.code()).withDescription(e.getMessage()).asRuntimeException(trailers);
        }
        if (failure instanceof StatusRuntimeException s) {
            return s;
        }
        String why = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return Status.INTERNAL.withDescription("the agent could not do it: " + why).withCause(failure).asRuntimeException();
    }

    private static Status statusFor(String code) {
        return switch (code) {
            case "NO_SUCH_DOMAIN" -> Status.NOT_FOUND;
            case "INVALID_VALUE" -> Status.INVALID_ARGUMENT;
            case "OPERATION_NOT_SUPPORTED" -> Status.UNIMPLEMENTED;
            default -> Status.FAILED_PRECONDITION;
        };
    }

    static HypervisorError toProto(HypervisorException e) {
        var b = HypervisorError.newBuilder().setCode(e.code()).setMessage(e.getMessage() == null ? e.code() : e.getMessage());
        e.params().forEach((key, value) -> b.putParams(key, param(value)));
        return b.build();
    }

    private static ParamValue param(Object value) {
        if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
            return ParamValue.newBuilder().setNumber(n.longValue()).build();
        }
        if (value instanceof Boolean flag) {
            return ParamValue.newBuilder().setFlag(flag).build();
        }
        if (value instanceof List<?> list) {
            return ParamValue.newBuilder().setList(StringList.newBuilder().addAllItems(list.stream().map(String::valueOf).toList())).build();
        }
        return ParamValue.newBuilder().setText(String.valueOf(value)).build();
    }

    /** The exception the console raises for a failed call to the agent at {@code uri}. */
    public static RuntimeException fromStatus(StatusRuntimeException failure, String uri) {
        Metadata trailers = failure.getTrailers();
        HypervisorError error = trailers == null ? null : trailers.get(ERROR_KEY);
        if (error != null) {
            return fromProto(error);
        }
        Status status = failure.getStatus();
        String reason = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        if (status.getCause() != null && status.getCause().getMessage() != null && status.getCode() == Status.Code.UNAVAILABLE) {
            reason = reason + " (" + status.getCause().getMessage() + ")";
        }
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNAUTHENTICATED, PERMISSION_DENIED ->
                    new HostUnreachableException(uri, status.getCode() == Status.Code.DEADLINE_EXCEEDED
                            ? "the agent did not answer in time (" + reason + ")" : reason);
            default -> new HypervisorException("AGENT_ERROR", Map.of("uri", uri, "status", status.getCode().name(), "reason", reason),
                    "The agent at " + uri + " failed: " + reason);
        };
    }

    static HypervisorException fromProto(HypervisorError error) {
        Map<String, Object> params = new LinkedHashMap<>();
        error.getParamsMap().forEach((key, value) -> params.put(key, switch (value.getValueCase()) {
            case NUMBER -> value.getNumber();
            case FLAG -> value.getFlag();
            case LIST -> List.copyOf(value.getList().getItemsList());
            default -> value.getText();
        }));
        try {
            HypervisorException rebuilt = rebuild(error.getCode(), params);
            if (rebuilt != null && rebuilt.getMessage().equals(error.getMessage())) {
                return rebuilt;
            }
        } catch (RuntimeException e) {
            // parameters not as this console knows them (an agent of another version): keep the agent's words
        }
        return new HypervisorException(error.getCode(), params, error.getMessage());
    }

    private static HypervisorException rebuild(String code, Map<String, Object> p) {
        if (code.startsWith("HOST_NOT_ENOUGH_")) {
            String resource = text(p, "resource");
            return p.containsKey("capacity")
                    ? InsufficientResourcesException.beyondCapacity(text(p, "host"), text(p, "vm"), resource, number(p, "requested"),
                    number(p, "capacity"), text(p, "unit"))
                    : new InsufficientResourcesException(text(p, "host"), text(p, "vm"), resource, number(p, "requested"),
                    number(p, "free"), text(p, "unit"));
        }
        return switch (code) {
            case "VM_BAD_POWER_STATE" -> new BadPowerStateException(text(p, "vm"), Operation.valueOf(text(p, "operation")),
                    ((List<?>) p.get("expected")).stream().map(s -> PowerState.valueOf((String) s)).collect(Collectors.toCollection(
                            () -> java.util.EnumSet.noneOf(PowerState.class))), PowerState.valueOf(text(p, "actual")));
            case "NO_SUCH_DOMAIN" -> new NoSuchDomainException(text(p, "host"), UUID.fromString(text(p, "uuid")));
            case "OPERATION_NOT_SUPPORTED" -> new OperationNotSupportedException(text(p, "driver"), text(p, "operation"));
            case "INVALID_VALUE" -> new InvalidValueException(text(p, "field"), text(p, "value"), text(p, "rule"));
            case "HOST_UNREACHABLE" -> new HostUnreachableException(text(p, "uri"), text(p, "reason"));
            case MigrationFailedException.CODE -> new MigrationFailedException(text(p, "vm"), text(p, "destination"),
                    MigrationPhase.valueOf(text(p, "phase")), text(p, "reason"), Boolean.TRUE.equals(p.get("sourceRunning")), null);
            default -> null;
        };
    }

    private static String text(Map<String, Object> p, String key) {
        Object value = p.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no parameter " + key);
        }
        return String.valueOf(value);
    }

    private static long number(Map<String, Object> p, String key) {
        return p.get(key) instanceof Number n ? n.longValue() : Long.parseLong(text(p, key));
    }
}
