/** Tests of the run history on a real SQLite file and a real PostgreSQL server. */
package org.musicanalytics.history;
