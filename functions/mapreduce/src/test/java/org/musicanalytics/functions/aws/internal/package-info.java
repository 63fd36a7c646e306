/** The adapter's priming, background warm-up and cold-start floor on this module's stages. */
package org.musicanalytics.functions.aws.internal;
