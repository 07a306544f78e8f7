package io.github.sagemakerasync.camel;

/** The outcome of an inference, as its result object tells. */
public enum ResultStatus {
    /** The model's output, at the output location. */
    Completed,
    /** The failure text, at the failure location. */
    Failed
}
