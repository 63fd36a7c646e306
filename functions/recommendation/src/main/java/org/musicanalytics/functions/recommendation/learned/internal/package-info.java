/**
 * How the learned recommender reads a partition and keeps its top lists: the validated index
 * of a partition's plays, and bounded top-k selection on primitive arrays. Not an API.
 */
package org.musicanalytics.functions.recommendation.learned.internal;
