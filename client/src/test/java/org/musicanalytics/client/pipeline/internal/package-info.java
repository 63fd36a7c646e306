/**
 * Tests of the pipeline's workings (encoded shards, payload sizes, calls in flight), and a
 * benchmark of reading and encoding run by hand.
 */
package org.musicanalytics.client.pipeline.internal;
