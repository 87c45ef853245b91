package org.xensv.toolstack.support;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The throwaway PostgreSQL that {@code scripts/test} starts, named by XENSV_TEST_POSTGRES_URL (and
 * _USER, _PASSWORD): tests that run on it register it as their data source, each Spring context in a
 * schema of its own, created and migrated by Flyway. Contexts on one schema would be consoles sharing
 * one inventory (docs/operations.md, "Two consoles on one PostgreSQL"): each would serve only its
 * share of the hosts, and never the others' embedded hosts, which these tests do not expect.
 */
public final class Postgres {

    public static final String URL_VARIABLE = "XENSV_TEST_POSTGRES_URL";

    private Postgres() {
    }

    public static void asDataSource(DynamicPropertyRegistry registry) {
        String url = System.getenv(URL_VARIABLE);
        String schema = "pgtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("XENSV_TEST_POSTGRES_USER", "postgres"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("XENSV_TEST_POSTGRES_PASSWORD", ""));
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registry.add("spring.flyway.create-schemas", () -> "true");
    }
}
