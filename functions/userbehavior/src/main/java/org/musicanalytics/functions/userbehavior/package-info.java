/**
 * The user-behaviour stage ({@code analyzeUsers}): per user, seconds listened and the top
 * artist ({@link TopArtistRule}), and the top users; with its answer and merge.
 */
package org.musicanalytics.functions.userbehavior;
