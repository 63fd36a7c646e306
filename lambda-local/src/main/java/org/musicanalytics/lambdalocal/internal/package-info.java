/** One function of the template, run in a class loader of its own as its own Lambda would. */
package org.musicanalytics.lambdalocal.internal;
