/**
 * The run history: every completed run recorded in one transaction in a database
 * ({@link HistoryStore}), SQLite by default and PostgreSQL when named
 * ({@link HistoryLocation}), and read back as lists, single runs and comparisons.
 */
package org.musicanalytics.history;
