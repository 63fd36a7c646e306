/**
 * Tests of the adapter's workings: application properties, the JSON request path, proto3 JSON and
 * the sample requests.
 */
package org.musicanalytics.functions.aws.internal;
