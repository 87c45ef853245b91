package org.xensv.toolstack.monitoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * scrape costs three small queries whatever the inventory's size. A gauge reads the latest count of
 * its group, and a refresh only adds groups that appear and removes those that are gone: a scrape
 * during a refresh never misses a series that exists.
 */
@Component
class InventoryGauges {

    private final JdbcTemplate sql;
    private final MultiGauge tasks;
    private final MultiGauge hosts;
    private final MultiGauge vms;
    /** The latest count of each group of each gauge; the registered gauges read from here. */
    private final Map<Tags, Long> latest = new ConcurrentHashMap<>();

    InventoryGauges(JdbcTemplate sql, MeterRegistry registry) {
        this.sql = sql;
        this.tasks = MultiGauge.builder("xensv.tasks").description("Tasks by operation and state").register(registry);
        this.hosts = MultiGauge.builder("xensv.hosts").description("Hosts by connection state").register(registry);
        this.vms = MultiGauge.builder("xensv.vms").description("VMs (not templates) by power state").register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${xensv.monitoring.refresh-ms:5000}", initialDelayString = "${xensv.monitoring.refresh-ms:5000}")
    void refresh() {
        tasks.register(rows("tasks", "SELECT operation, status, COUNT(*) FROM task GROUP BY operation, status", "operation", "state"), false);
        hosts.register(rows("hosts", "SELECT connection, COUNT(*) FROM host GROUP BY connection", "state"), false);
        vms.register(rows("vms", "SELECT power_state, COUNT(*) FROM vm WHERE NOT is_template GROUP BY power_state", "state"), false);
    }

    /**
     * One row per group: the tag values in the first columns, the count in the last, kept in
     * {@link #latest} under the gauge's name and the group's tags, which the row's gauge reads.
     */
    private List<MultiGauge.Row<?>> rows(String gauge, String query, String... tagNames) {
        return sql.query(query, (rs, n) -> {
            String[] tags = new String[tagNames.length * 2];
            for (int i = 0; i < tagNames.length; i++) {
                tags[2 * i] = tagNames[i];
                tags[2 * i + 1] = String.valueOf(rs.getString(i + 1));
            }
            Tags group = Tags.of(tags);
            Tags key = group.and("gauge", gauge);
            latest.put(key, rs.getLong(tagNames.length + 1));
            return MultiGauge.Row.of(group, latest, counts -> counts.getOrDefault(key, 0L));
        });
    }
}
