/** Tests of recording runs and of the history command. */
package org.musicanalytics.client.history;
