package io.github.sagemakerasync.camel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most requests the emulator held unfinished (queued or running) at once, sampled on a thread of its own from
 * {@link #sample} until {@link #close}: what a bound on pending requests must keep down.
 */
final class MostUnfinished implements AutoCloseable {

    private final AtomicInteger most = new AtomicInteger();
    private final Thread sampler;

    private MostUnfinished(long pauseMillis) {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                most.accumulateAndGet(SageMakerAsyncTestSupport.emulator().unfinishedInvocations(), Math::max);
                if (pauseMillis > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "most-unfinished");
        sampler.setDaemon(true);
    }

    /** @param pauseMillis between samples; 0 samples without pause */
    static MostUnfinished sample(long pauseMillis) {
        MostUnfinished sampling = new MostUnfinished(pauseMillis);
        sampling.sampler.start();
        return sampling;
    }

    int most() {
        return most.get();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
