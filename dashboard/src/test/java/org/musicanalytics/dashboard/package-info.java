/** Tests of the dashboard over real HTTP. */
package org.musicanalytics.dashboard;
