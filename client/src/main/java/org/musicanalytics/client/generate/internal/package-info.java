/**
 * How {@code generate} makes plays: the catalogue of artists, songs and users with their
 * popularity, the timestamps, the seeded random numbers and the CSV writer.
 */
package org.musicanalytics.client.generate.internal;
