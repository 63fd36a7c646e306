/**
 * The stage contract: what a stage module implements ({@link AnalyticsFunction}, listed by an
 * {@link AnalyticsFunctionProvider}) and what every deployment reads to serve it.
 */
package org.musicanalytics.functions;
