/**
 * The adapter's workings: the JSON request path, priming before a snapshot, the cold-start
 * settings, and the one-shot launcher of the {@code -aws.jar} ({@code InvokeOnce}).
 */
package org.musicanalytics.functions.aws.internal;
