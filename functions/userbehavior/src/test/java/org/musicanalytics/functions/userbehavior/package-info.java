/**
 * Tests of {@code analyzeUsers}, the top-artist rule and the merge of user stats: hostile
 * volumes, shardings and totals near the int64 range.
 */
package org.musicanalytics.functions.userbehavior;
