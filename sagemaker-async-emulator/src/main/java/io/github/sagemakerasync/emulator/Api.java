package io.github.sagemakerasync.emulator;

/** The two APIs the emulator serves, as named in its request counters. */
public enum Api {
    SAGEMAKER,
    S3
}
