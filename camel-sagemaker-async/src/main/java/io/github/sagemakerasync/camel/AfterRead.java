package io.github.sagemakerasync.camel;

/** What happens to a result object once it was delivered and its exchange completed successfully. */
public enum AfterRead {
    /** Deleted. */
    delete,
    /** Copied under {@code moveTo}, then deleted. */
    move,
    /** Left in place; an idempotent repository keeps it from being delivered again. */
    keep
}
