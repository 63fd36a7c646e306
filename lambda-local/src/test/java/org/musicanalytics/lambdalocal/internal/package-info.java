/** Tests of lambda-local's internals. */
package org.musicanalytics.lambdalocal.internal;
