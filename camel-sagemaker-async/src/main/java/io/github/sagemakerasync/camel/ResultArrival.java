package io.github.sagemakerasync.camel;

/** A result for a consumer's route, and what its source learns when delivery is done with it. */
record ResultArrival(ResultObject result, ResultClaim claim) {
}
