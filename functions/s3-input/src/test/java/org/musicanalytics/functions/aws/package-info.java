/**
 * The MapReduce and GenreAnalysis functions as Lambda runs them: through {@code FunctionInvoker},
 * from the built {@code -aws.jar} and in the real Lambda Java runtime.
 */
package org.musicanalytics.functions.aws;
