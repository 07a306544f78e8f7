package io.github.sagemakerasync.emulator;

/** The APIs the emulator serves, as named in its request counters. */
public enum Api {
    SAGEMAKER,
    S3,
    /** Only when a queue is subscribed to a notification topic. */
    SQS,
    /** AssumeRoleWithWebIdentity and AssumeRole, on the SageMaker API's port. */
    STS
}
