/**
 * The recommendation stage ({@code recommend}): the trending songs and each user's picks from
 * the global ranking, and how the client calls it per shard of users.
 */
package org.musicanalytics.functions.recommendation;
