package org.xensv.toolstack.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the toolstack's whole suite on the real PostgreSQL as on H2: when the JVM is started with
 * {@code -Dxensv.test.database=postgres} (the {@code postgres} Surefire execution, which runs only
 * where {@code scripts/test} started a PostgreSQL), every Spring context of the suite gets a schema of
 * its own in that database, created and migrated by Flyway, so each starts as empty as its H2
 * in-memory database would. Without the property nothing changes.
 */
public class PostgresSchemaPerContext implements EnvironmentPostProcessor, Ordered {

    public static final String DATABASE_PROPERTY = "xensv.test.database";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!"postgres".equals(System.getProperty(DATABASE_PROPERTY))) {
            return;
        }
        String own = environment.getProperty("spring.datasource.url");
        if (own != null && !own.startsWith("jdbc:h2:mem:")) {
            return; // a test that chose its database (an H2 file it restarts on) keeps it
        }
        String url = System.getenv(Postgres.URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(DATABASE_PROPERTY + "=postgres needs " + Postgres.URL_VARIABLE + " (scripts/test sets it)");
        }
        String schema = "ctx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        properties.put("spring.datasource.username", System.getenv().getOrDefault("XENSV_TEST_POSTGRES_USER", "postgres"));
        properties.put("spring.datasource.password", System.getenv().getOrDefault("XENSV_TEST_POSTGRES_PASSWORD", ""));
        properties.put("spring.datasource.hikari.maximum-pool-size", "4"); // many contexts stay cached side by side
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.default-schema", schema);
        properties.put("spring.flyway.create-schemas", "true");
        environment.getPropertySources().addFirst(new MapPropertySource("xensv-postgres-schema", properties));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.properties is loaded, so these win
    }
}
