/**
 * The Lambda target: the stages as Lambda functions invoked through the AWS SDK with proto3 JSON
 * payloads, and which function serves each stage.
 */
package org.musicanalytics.client.lambda;
