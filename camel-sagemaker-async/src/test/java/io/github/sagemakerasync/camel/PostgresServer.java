package io.github.sagemakerasync.camel;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A PostgreSQL of the test class's own, started from Maven artifacts before its tests and stopped after them. */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    /** A pool of connections to it, as each instance of an application has its own; the caller closes it. */
    HikariDataSource pool() {
        return JdbcCorrelationStoreTest.dataSource(postgres.getJdbcUrl("postgres", "postgres"));
    }
}
