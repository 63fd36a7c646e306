/**
 * Tests of the counting engine and the merge; and the fixtures (plays, random shardings and
 * merges, encoded plays, fuzz inputs) that the function modules' tests share through this
 * module's test-jar.
 */
package org.musicanalytics.counting;
