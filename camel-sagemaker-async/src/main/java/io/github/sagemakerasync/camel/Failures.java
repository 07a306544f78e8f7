package io.github.sagemakerasync.camel;

import java.util.concurrent.CompletionException;

/** The one unwrapping of asynchronous failures. */
final class Failures {

    private Failures() {
    }

    /** The error itself, without the CompletionExceptions that futures and their joins wrap around it. */
    static Throwable cause(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
