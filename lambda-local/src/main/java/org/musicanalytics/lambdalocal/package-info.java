/**
 * lambda-local, a development tool like {@code sam local start-lambda} without Docker: the
 * Lambda Invoke API on a local port, serving the functions of a SAM template from their jars.
 */
package org.musicanalytics.lambdalocal;
