/**
 * Tests of lambda-local: its command, its reading of SAM templates, the endpoint called through
 * the AWS SDK, and its runnable jar; with the scripted and real functions it serves.
 */
package org.musicanalytics.lambdalocal;
