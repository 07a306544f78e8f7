package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ledger's SQL on H2 (the one-instance file); BridgeNotificationsTest and SoakTest run it on PostgreSQL. */
class SubmissionLedgerTest {

    private final JdbcConnectionPool database = JdbcConnectionPool.create("jdbc:h2:mem:ledger-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final SubmissionLedger ledger = new SubmissionLedger(database, clock);

    @AfterEach
    void close() {
        database.dispose();
    }

    @Test
    void aRequestIsSentOnceAcceptedAndNotAgain() {
        ledger.createTableIfMissing();
        ledger.createTableIfMissing();

        assertThat(ledger.begin("kb-00000000-0-1")).isEqualTo(SubmissionLedger.Previous.NONE);
        // its bridge stopped before SageMaker's answer was recorded
        assertThat(ledger.begin("kb-00000000-0-1")).isEqualTo(SubmissionLedger.Previous.SUBMITTING);
        ledger.accepted("kb-00000000-0-1");
        assertThat(ledger.begin("kb-00000000-0-1")).isEqualTo(SubmissionLedger.Previous.ACCEPTED);
        assertThat(ledger.begin("kb-00000000-0-2")).isEqualTo(SubmissionLedger.Previous.NONE);
    }

    @Test
    void aSubmissionKnownNotSentIsForgottenButAnAcceptanceIsKept() {
        ledger.createTableIfMissing();
        ledger.begin("parked");
        ledger.begin("sent");
        ledger.accepted("sent");

        // the producer's bound held it past pendingParkTimeout: it never reached SageMaker
        ledger.notSent("parked");
        ledger.notSent("sent");

        assertThat(ledger.begin("parked")).isEqualTo(SubmissionLedger.Previous.NONE);
        assertThat(ledger.begin("sent")).isEqualTo(SubmissionLedger.Previous.ACCEPTED);
    }

    @Test
    void rowsOlderThanTheRetentionAreDeleted() {
        ledger.createTableIfMissing();
        ledger.begin("old");
        ledger.accepted("old");
        clock.advance(Duration.ofDays(15));
        ledger.begin("recent");

        assertThat(ledger.purge(Duration.ofDays(14))).isOne();
        assertThat(ledger.begin("old")).isEqualTo(SubmissionLedger.Previous.NONE);
        assertThat(ledger.begin("recent")).isEqualTo(SubmissionLedger.Previous.SUBMITTING);
    }

    @Test
    void twoInstancesBeginningTheSameRequestAtOnceSeeOneFirst() throws Exception {
        ledger.createTableIfMissing();
        ExecutorService instances = Executors.newFixedThreadPool(8);
        try {
            for (int request = 0; request < 50; request++) {
                String id = "kb-00000000-0-" + request;
                List<Callable<SubmissionLedger.Previous>> begins = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    begins.add(() -> ledger.begin(id));
                }
                long first = 0;
                for (Future<SubmissionLedger.Previous> outcome : instances.invokeAll(begins)) {
                    first += outcome.get() == SubmissionLedger.Previous.NONE ? 1 : 0;
                }
                assertThat(first).as("instances that saw " + id + " first").isOne();
            }
        } finally {
            instances.shutdownNow();
        }
    }

    /** A clock the test moves. */
    private static final class AdjustableClock extends java.time.Clock {
        private Instant now;

        AdjustableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
