/**
 * Tests of the pipeline: sharding, calls in flight, the fused path, retries and progress; with
 * the random records they run on.
 */
package org.musicanalytics.client.pipeline;
