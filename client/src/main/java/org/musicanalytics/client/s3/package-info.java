/**
 * Runs over an S3 object: its byte ranges, read here for the local targets, and the merge of
 * the ranges' summaries into the run's input summary.
 */
package org.musicanalytics.client.s3;
