package io.github.sagemakerasync.emulator;

/** Lets tests hold every endpoint's workers still: nothing new starts while the gate is closed. */
final class WorkerGate {

    private boolean open = true;

    synchronized void close() {
        open = false;
    }

    synchronized void open() {
        open = true;
        notifyAll();
    }

    synchronized boolean isOpen() {
        return open;
    }

    synchronized void awaitOpen() throws InterruptedException {
        while (!open) {
            wait();
        }
    }
}
