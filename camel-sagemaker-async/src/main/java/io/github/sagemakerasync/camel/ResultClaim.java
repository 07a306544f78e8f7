package io.github.sagemakerasync.camel;

/**
 * What the source that found a result learns when delivery is done with it: an S3 listing forgets its claim on the
 * object, a notification's SQS message is deleted or given back. Given by the source with each arrival
 * ({@link ResultArrival}), told by {@link ResultDelivery}.
 */
interface ResultClaim {
    ResultClaim NONE = new ResultClaim() {
        @Override
        public void finished(boolean gone) {
        }

        @Override
        public void left() {
        }
    };

    /**
     * The result was delivered and finished.
     *
     * @param gone whether it left its folder (deleted or moved), so a listing may still show it for a moment
     */
    void finished(boolean gone);

    /** The result was not delivered, or could not be finished: it stays, to be delivered again. */
    void left();

    /**
     * Whether delivery counts failed deliveries against maxDeliveries; a source that counts them itself (an SQS
     * queue's redrive policy) says no.
     */
    default boolean countsDeliveries() {
        return true;
    }
}
