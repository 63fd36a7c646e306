/** Tests of {@code recommend}: its picks, hostile requests, and the calls per shard of users. */
package org.musicanalytics.functions.recommendation;
