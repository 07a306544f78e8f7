package io.github.sagemakerasync.emulator;

/** Holds threads while closed: endpoint workers (pause), or requests at an API's edge (hold). */
final class Gate {

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
