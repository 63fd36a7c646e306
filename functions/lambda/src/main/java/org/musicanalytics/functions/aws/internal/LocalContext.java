package org.musicanalytics.functions.aws.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invocation {@link Context} {@link InvokeOnce} passes, standing in for the one the
 * Lambda runtime builds for every invocation: a request id unique in this process, the
 * function name and memory from the variables Lambda sets ({@code AWS_LAMBDA_FUNCTION_NAME},
 * {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}) when present, and a logger to standard error.
 *
 * <p>Passing one, rather than none, keeps the timed invocation on the path a deployed
 * function takes: {@code FunctionInvoker} warns about a missing context, and that warning
 * would be the cold start's first formatted log line.
 */
final class LocalContext implements Context {

  /** What Lambda's timeout would leave; nothing here enforces it. */
  private static final int REMAINING_MILLIS = 30_000;

  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * Not a random UUID: seeding a SecureRandom would add work to the no-Spring floor of the
   * cold-start benchmark that the real runtime, which takes the id from the Runtime API,
   * never does.
   */
  private final String requestId = "local-" + Long.toHexString(System.currentTimeMillis())
      + "-" + SEQUENCE.incrementAndGet();
  private final String functionName;

  LocalContext(String functionName) {
    this.functionName = functionName;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return REMAINING_MILLIS;
  }

  @Override
  public int getMemoryLimitInMB() {
    String memory = System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    return memory == null ? 1024 : Integer.parseInt(memory.trim());
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }

  /** A context for the function {@code AWS_LAMBDA_FUNCTION_NAME} names, or {@code local}. */
  static LocalContext fromEnvironment() {
    String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    return new LocalContext(name == null || name.isBlank() ? "local" : name.trim());
  }
}
