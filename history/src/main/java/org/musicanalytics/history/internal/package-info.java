/** The history store's SQL and the mapping of its rows. */
package org.musicanalytics.history.internal;
