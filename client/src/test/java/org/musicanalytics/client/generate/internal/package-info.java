/** Tests of the generator's parts: the alias table, the artist names and the catalogue. */
package org.musicanalytics.client.generate.internal;
