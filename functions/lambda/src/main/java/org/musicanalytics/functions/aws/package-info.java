/**
 * The AWS Lambda adapter: every stage on the class path as a Spring Cloud Function, run by
 * {@code FunctionInvoker}, with proto3 JSON payloads.
 */
package org.musicanalytics.functions.aws;
