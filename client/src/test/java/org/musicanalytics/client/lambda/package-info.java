/** Tests of the Lambda target's retries. */
package org.musicanalytics.client.lambda;
