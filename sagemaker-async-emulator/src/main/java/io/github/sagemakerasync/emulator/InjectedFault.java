package io.github.sagemakerasync.emulator;

/**
 * A fault the emulator can answer instead of serving a request. Each API answers it in its own words:
 *
 * <table>
 * <caption>How each API answers a fault</caption>
 *   <tr><th>fault</th><th>SageMaker runtime</th><th>S3</th><th>SQS</th></tr>
 *   <tr><td>THROTTLING</td><td>400 ThrottlingException</td><td>503 SlowDown</td><td>400 ThrottlingException</td></tr>
 *   <tr><td>SERVICE_UNAVAILABLE</td><td>503 ServiceUnavailable</td><td>503 ServiceUnavailable</td>
 *       <td>503 ServiceUnavailable</td></tr>
 *   <tr><td>INTERNAL_ERROR</td><td>500 InternalFailure</td><td>500 InternalError</td><td>500 InternalFailure</td></tr>
 * </table>
 *
 * The AWS SDKs retry all three by default. As on AWS, a SageMaker throttling answer may have no message: every
 * second one the emulator sends has none.
 */
public enum InjectedFault {
    THROTTLING,
    SERVICE_UNAVAILABLE,
    INTERNAL_ERROR
}
