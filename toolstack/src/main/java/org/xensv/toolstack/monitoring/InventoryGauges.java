package org.xensv.toolstack.monitoring;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of what the database holds, for Prometheus ({@code /actuator/prometheus}): tasks by
 * operation and state ({@code xensv_tasks}), hosts by connection state ({@code xensv_hosts}) and VMs by
 * power state ({@code xensv_vms}). Counted in SQL every few seconds, never by loading rows, so a
 * scrape costs three small queries whatever the inventory's size.
 */
@Component
class InventoryGauges {

    private final JdbcTemplate sql;
    private final MultiGauge tasks;
    private final MultiGauge hosts;
    private final MultiGauge vms;

    InventoryGauges(JdbcTemplate sql, MeterRegistry registry) {
        this.sql = sql;
        this.tasks = MultiGauge.builder("xensv.tasks").description("Tasks by operation and state").register(registry);
        this.hosts = MultiGauge.builder("xensv.hosts").description("Hosts by connection state").register(registry);
        this.vms = MultiGauge.builder("xensv.vms").description("VMs (not templates) by power state").register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${xensv.monitoring.refresh-ms:5000}", initialDelayString = "${xensv.monitoring.refresh-ms:5000}")
    void refresh() {
        tasks.register(rows("SELECT operation, status, COUNT(*) FROM task GROUP BY operation, status", "operation", "state"), true);
        hosts.register(rows("SELECT connection, COUNT(*) FROM host GROUP BY connection", "state"), true);
        vms.register(rows("SELECT power_state, COUNT(*) FROM vm WHERE NOT is_template GROUP BY power_state", "state"), true);
    }

    /** One row per group: the tag values in the first columns, the count in the last. */
    private List<MultiGauge.Row<?>> rows(String query, String... tagNames) {
        return sql.query(query, (rs, n) -> {
            String[] tags = new String[tagNames.length * 2];
            for (int i = 0; i < tagNames.length; i++) {
                tags[2 * i] = tagNames[i];
                tags[2 * i + 1] = rs.getString(i + 1);
            }
            return MultiGauge.Row.of(Tags.of(tags), rs.getLong(tagNames.length + 1));
        });
    }
}
