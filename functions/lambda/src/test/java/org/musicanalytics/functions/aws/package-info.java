/**
 * Tests of the Lambda adapter through a real {@code FunctionInvoker}, the template and its event
 * files; and the support (a Lambda Runtime API, runtime processes, fuzzing) that the stage
 * modules' Lambda tests share through this module's test-jar.
 */
package org.musicanalytics.functions.aws;
