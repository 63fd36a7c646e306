package org.musicanalytics.history;

/**
 * One run as the history lists it.
 *
 * @param runId the run's id
 * @param computedAt when it ended, ISO-8601 UTC
 * @param target the target it used
 * @param inputPath what it read
 * @param recordsRead records read
 * @param rowsRejected rows rejected
 * @param seconds per stage and the whole pipeline's time
 * @param recordShards shards of records
 * @param userShards shards of users
 * @param songCount songs recorded
 * @param userCount users recorded
 */
public record RunSummary(String runId, String computedAt, String target, String inputPath,
    long recordsRead, long rowsRejected, RunRecord.StageSeconds seconds, int recordShards,
    int userShards, int songCount, int userCount) {}
