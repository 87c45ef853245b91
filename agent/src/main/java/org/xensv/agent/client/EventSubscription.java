package org.xensv.agent.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.xensv.agent.proto.HostEvent;
import org.xensv.agent.proto.WatchRequest;
import org.xensv.agent.wire.DomainMessages;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainEventListener;

/**
 * The agent's {@code Watch} stream feeding a {@link DomainEventListener}: events arrive as they
 * happen on the agent, not by polling. The stream has no deadline (it lives as long as the
 * subscription); the channel's keep-alive pings notice an agent that went away, and then the
 * stream ends. Closing the subscription cancels the call.
 */
final class EventSubscription implements AutoCloseable, ClientResponseObserver<WatchRequest, HostEvent> {

    private final DomainEventListener listener;
    private volatile ClientCallStreamObserver<WatchRequest> call;

    private EventSubscription(DomainEventListener listener) {
        this.listener = listener;
    }

    static EventSubscription open(AgentConnection connection, DomainEventListener listener) {
        EventSubscription subscription = new EventSubscription(listener);
        connection.async().watch(WatchRequest.newBuilder().setStatsIntervalMillis(0).build(), subscription);
        return subscription;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(HostEvent event) {
        switch (event.getEventCase()) {
            case POWER_STATE_CHANGED -> {
                var e = event.getPowerStateChanged();
                listener.powerStateChanged(DomainMessages.uuid(e.getUuid()), PowerState.valueOf(e.getPowerState()), e.getReason());
            }
            case DOMAIN_LIST_CHANGED -> {
                var e = event.getDomainListChanged();
                listener.domainListChanged(DomainMessages.uuid(e.getUuid()), e.getReason());
            }
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        // the agent went away or the subscription was closed: the console's reconnect resubscribes
    }

    @Override
    public void onCompleted() {
        // the agent stopped
    }

    @Override
    public void close() {
        ClientCallStreamObserver<WatchRequest> c = call;
        if (c != null) {
            c.cancel("unsubscribed", null);
        }
    }
}
