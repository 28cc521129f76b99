// Imported first by a test that sends hundreds of forms from one test client: the in-memory
// limits are made when their module is first evaluated, so the multiplier must be set before.
process.env.RATE_LIMIT_MULTIPLIER = "100000";
