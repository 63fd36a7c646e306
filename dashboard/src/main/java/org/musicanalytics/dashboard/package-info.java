/**
 * The dashboard: the run history as a JSON REST API and a web page with charts, and a REST
 * gateway that runs the pipeline on an uploaded CSV ({@link DashboardServer}); started by
 * {@link DashboardCommand}.
 */
package org.musicanalytics.dashboard;
