package org.xensv.toolstack.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The throwaway PostgreSQL that {@code scripts/test} starts, named by XENSV_TEST_POSTGRES_URL (and
 * _USER, _PASSWORD): tests that run on it register it as their data source.
 */
public final class Postgres {

    public static final String URL_VARIABLE = "XENSV_TEST_POSTGRES_URL";

    private Postgres() {
    }

    public static void asDataSource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv(URL_VARIABLE));
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("XENSV_TEST_POSTGRES_USER", "postgres"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("XENSV_TEST_POSTGRES_PASSWORD", ""));
    }
}
