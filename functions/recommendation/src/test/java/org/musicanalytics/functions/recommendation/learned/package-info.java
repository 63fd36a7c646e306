/**
 * Tests of the learned recommender: similarities and scores by hand, merges in any order,
 * edge users, and hostile requests.
 */
package org.musicanalytics.functions.recommendation.learned;
