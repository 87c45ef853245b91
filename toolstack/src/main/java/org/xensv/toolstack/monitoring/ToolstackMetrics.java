package org.xensv.toolstack.monitoring;

import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.ConnectionState;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;

/**
 * The toolstack's state as gauges, read from the database at each scrape: {@code xensv.tasks} by
 * {@code state}, and {@code xensv.hosts} by {@code connection}. Operations (from the audit log) and
 * migrations (as their flights finish) are counted where they happen.
 */
@Component
class ToolstackMetrics implements MeterBinder {

    private final TaskService tasks;
    private final HostService hosts;

    ToolstackMetrics(TaskService tasks, HostService hosts) {
        this.tasks = tasks;
        this.hosts = hosts;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TaskStatus status : TaskStatus.values()) {
            Gauge.builder("xensv.tasks", tasks, t -> t.count(status))
                    .tag("state", status.name().toLowerCase(Locale.ROOT))
                    .description("Tasks in the database by state")
                    .register(registry);
        }
        for (ConnectionState state : ConnectionState.values()) {
            Gauge.builder("xensv.hosts", hosts, h -> h.list().stream().filter(host -> host.connection() == state).count())
                    .tag("connection", state.name().toLowerCase(Locale.ROOT))
                    .description("Hosts by connection state")
                    .register(registry);
        }
    }
}
