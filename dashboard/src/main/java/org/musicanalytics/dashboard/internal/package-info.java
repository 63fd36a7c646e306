/** The dashboard's request handlers: the read-only API and the pipeline gateway. */
package org.musicanalytics.dashboard.internal;
