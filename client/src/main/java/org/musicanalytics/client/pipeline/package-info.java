/**
 * The one workflow every target runs: records cut into shards that fit the target, sent to the
 * stages with retries, and the partial answers merged into the run's result.
 */
package org.musicanalytics.client.pipeline;
