/**
 * The learned recommender's functions: item-based nearest neighbours over co-listening, as
 * rounds 2 ({@link org.musicanalytics.functions.recommendation.learned.CountCoListening}) and
 * 3 ({@link org.musicanalytics.functions.recommendation.learned.RecommendFromListening}) of a
 * map-reduce over partitions of users, and the merge between them that the client runs
 * ({@link org.musicanalytics.functions.recommendation.learned.SongSimilarity}).
 */
package org.musicanalytics.functions.recommendation.learned;
