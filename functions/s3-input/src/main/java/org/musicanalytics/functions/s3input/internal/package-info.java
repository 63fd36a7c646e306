/** The stream of one byte range that re-opens itself after a failed read. */
package org.musicanalytics.functions.s3input.internal;
