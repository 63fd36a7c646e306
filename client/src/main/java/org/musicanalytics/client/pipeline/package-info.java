/**
 * The one workflow every target runs: records cut into shards that fit the target, sent to the
 * stages with retries, and the partial answers merged into the run's result; and the learned
 * recommender's rounds 2 and 3 over the listening partitioned by user
 * ({@link org.musicanalytics.client.pipeline.LearnedRecommender}).
 */
package org.musicanalytics.client.pipeline;
