package org.musicanalytics.lambdalocal.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.musicanalytics.lambdalocal.SamTemplate.FunctionSpec;

/**
 * One function of the template, run the way the Lambda Java runtime runs it: its code in
 * a class loader of its own, the handler constructed once (the cold start, on first use)
 * and then called with each payload as a stream.
 *
 * <p>The loader's parent is the platform class loader, so two functions never share
 * classes or static state, as two Lambda sandboxes would not. Environment variables are
 * process-wide, so only {@code FunctionInvoker}-style handlers are supported: the
 * definition goes to the constructor, and {@code MAIN_CLASS} is a system property for the
 * time of the construction only.
 */
public final class IsolatedFunction implements AutoCloseable {

  /** Environment variables that have an in-process equivalent. */
  public static final String DEFINITION_VARIABLE = "SPRING_CLOUD_FUNCTION_DEFINITION";
  public static final String MAIN_CLASS_VARIABLE = "MAIN_CLASS";

  /** Fake account of the ARNs {@code sam local} hands to functions. */
  private static final String ACCOUNT = "123456789012";

  /**
   * Guards what construction changes process-wide: the MAIN_CLASS property and the JDK's
   * root logging handlers. Functions with the same main class start concurrently.
   */
  private static final Object CONSTRUCTION = new Object();
  private static int constructing;
  private static String constructingMainClass;
  private static String mainClassBefore;
  private static List<LoggerState> loggingBefore;

  /** What Spring Boot's logging set-up may reset on a {@code java.util.logging} logger. */
  private record LoggerState(Logger logger, Level level, List<Handler> handlers,
      boolean useParentHandlers) {}

  private final FunctionSpec spec;
  /** The initialised function, or null before init and after close. */
  private Started started;

  /** The handler and what calling it needs. */
  private record Started(URLClassLoader loader, Object handler, Method handleRequest,
      Class<?> contextType) {}

  public IsolatedFunction(FunctionSpec spec) {
    this.spec = spec;
  }

  /** The template's description of the function. */
  public FunctionSpec spec() {
    return spec;
  }

  /** A failed invocation, as the Lambda runtime reports it. */
  public static final class FunctionError extends Exception {
    private final String errorType;

    public FunctionError(String errorType, String errorMessage) {
      super(errorMessage);
      this.errorType = errorType;
    }

    /** Lambda's {@code errorType}: the exception class, or e.g. {@code Runtime.ExitError}. */
    public String errorType() {
      return errorType;
    }
  }

  /**
   * Constructs the handler if that has not happened yet: Lambda's init phase. A failed
   * init is retried on the next call, as Lambda does.
   *
   * @throws FunctionError if the code cannot be loaded or the handler fails to start
   */
  public void initialize() throws FunctionError {
    start();
  }

  private synchronized Started start() throws FunctionError {
    if (started != null) {
      return started;
    }
    if (!Files.isRegularFile(spec.codeUri())) {
      throw new FunctionError("Runtime.InvalidCodeUri", "the code of " + spec.logicalId()
          + " is missing: " + spec.codeUri() + " (build it with ./mvnw package)");
    }
    String mainClass = spec.environment().get(MAIN_CLASS_VARIABLE);
    String inherited = System.getenv(MAIN_CLASS_VARIABLE);
    if (mainClass != null && inherited != null && !inherited.equals(mainClass)) {
      throw new FunctionError("Runtime.InvalidEnvironment", "MAIN_CLASS=" + inherited
          + " is set in this process's environment and would override the template's "
          + mainClass + " for " + spec.logicalId() + "; unset it");
    }
    URLClassLoader code = null;
    try {
      code = new URLClassLoader("lambda:" + spec.logicalId(),
          new URL[] {spec.codeUri().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> handlerType = Class.forName(spec.handlerClass(), true, code);
      Constructor<?> constructor = handlerConstructor(handlerType);
      Class<?> contextType =
          loadOptional("com.amazonaws.services.lambda.runtime.Context", code);
      Method handleRequest = handlerType.getMethod("handleRequest", InputStream.class,
          OutputStream.class, contextType == null ? Object.class : contextType);
      started = new Started(code, construct(constructor, code), handleRequest, contextType);
      code = null;
      return started;
    } catch (ClassNotFoundException e) {
      throw new FunctionError("Runtime.HandlerNotFound", "handler class "
          + spec.handlerClass() + " of " + spec.logicalId() + " is not in " + spec.codeUri());
    } catch (NoSuchMethodException e) {
      throw new FunctionError("Runtime.HandlerNotFound", "handler " + spec.handler() + " of "
          + spec.logicalId() + " is not a RequestStreamHandler with a (String) constructor");
    } catch (IOException e) {
      throw new FunctionError("Runtime.InvalidCodeUri", "cannot open " + spec.codeUri()
          + ": " + e.getMessage());
    } finally {
      closeQuietly(code);
    }
  }

  private Constructor<?> handlerConstructor(Class<?> handlerType) throws NoSuchMethodException {
    if (spec.environment().get(DEFINITION_VARIABLE) == null) {
      throw new NoSuchMethodException("no " + DEFINITION_VARIABLE);
    }
    return handlerType.getConstructor(String.class);
  }

  private Object construct(Constructor<?> constructor, ClassLoader code) throws FunctionError {
    String mainClass = spec.environment().get(MAIN_CLASS_VARIABLE);
    Thread thread = Thread.currentThread();
    ClassLoader callers = thread.getContextClassLoader();
    enterConstruction(mainClass);
    thread.setContextClassLoader(code);
    try {
      return constructor.newInstance(spec.environment().get(DEFINITION_VARIABLE));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new FunctionError(cause.getClass().getName(), "init of " + spec.logicalId()
          + " failed: " + rootMessage(cause));
    } catch (ReflectiveOperationException e) {
      throw new FunctionError("Runtime.HandlerNotFound", "cannot construct "
          + spec.handlerClass() + ": " + e);
    } finally {
      thread.setContextClassLoader(callers);
      leaveConstruction();
    }
  }

  /**
   * Sets MAIN_CLASS for a construction, waiting while constructions with another main
   * class run.
   */
  private static void enterConstruction(String mainClass) throws FunctionError {
    synchronized (CONSTRUCTION) {
      while (constructing > 0 && !Objects.equals(constructingMainClass, mainClass)) {
        try {
          CONSTRUCTION.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FunctionError("Runtime.Interrupted", "interrupted while starting");
        }
      }
      if (constructing++ == 0) {
        constructingMainClass = mainClass;
        mainClassBefore = System.getProperty(MAIN_CLASS_VARIABLE);
        setOrClear(mainClass);
        loggingBefore = loggingState();
      }
    }
  }

  /** Ends a construction; the last one restores what constructions changed. */
  private static void leaveConstruction() {
    synchronized (CONSTRUCTION) {
      if (--constructing == 0) {
        setOrClear(mainClassBefore);
        // Spring Boot configures java.util.logging for the function: it re-reads the JDK's
        // logging configuration or routes it into its own logback. In a shared JVM that
        // would reset the caller's loggers; they get their levels and handlers back.
        loggingBefore.forEach(IsolatedFunction::restore);
        loggingBefore = null;
        CONSTRUCTION.notifyAll();
      }
    }
  }

  private static void setOrClear(String mainClass) {
    if (mainClass == null) {
      System.clearProperty(MAIN_CLASS_VARIABLE);
    } else {
      System.setProperty(MAIN_CLASS_VARIABLE, mainClass);
    }
  }

  /**
   * Runs one invocation.
   *
   * @param payload the request payload
   * @param requestId the invocation's request id, passed on in the context
   * @param deadlineMillis when the function times out, in {@link System#currentTimeMillis}
   * @return the response payload
   * @throws FunctionError if init fails or the handler throws: its class and message
   */
  public byte[] invoke(byte[] payload, String requestId, long deadlineMillis)
      throws FunctionError {
    Started function = start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread thread = Thread.currentThread();
    ClassLoader callers = thread.getContextClassLoader();
    thread.setContextClassLoader(function.loader());
    try {
      function.handleRequest().invoke(function.handler(), new ByteArrayInputStream(payload),
          output, context(function, requestId, deadlineMillis));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new FunctionError(cause.getClass().getName(), String.valueOf(cause.getMessage()));
    } catch (IllegalAccessException e) {
      throw new FunctionError("Runtime.HandlerNotFound", e.toString());
    } finally {
      thread.setContextClassLoader(callers);
    }
    return output.toByteArray();
  }

  /** The Lambda context: a proxy of the jar's own {@code Context} interface. */
  private Object context(Started function, String requestId, long deadlineMillis) {
    Class<?> contextType = function.contextType();
    if (contextType == null) {
      return null;
    }
    ClassLoader loader = function.loader();
    Class<?> loggerType = loadOptional(
        "com.amazonaws.services.lambda.runtime.LambdaLogger", loader);
    Object logger = loggerType == null ? null : Proxy.newProxyInstance(loader,
        new Class<?>[] {loggerType}, (proxy, method, args) -> log(proxy, method, args));
    String name = spec.functionName().orElse(spec.logicalId());
    InvocationHandler context = (proxy, method, args) -> switch (method.getName()) {
      case "getAwsRequestId" -> requestId;
      case "getLogGroupName" -> "/aws/lambda/" + name;
      case "getLogStreamName" -> "local/" + spec.logicalId();
      case "getFunctionName" -> name;
      case "getFunctionVersion" -> "$LATEST";
      case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name;
      case "getRemainingTimeInMillis" ->
          (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
      case "getMemoryLimitInMB" -> spec.memoryMb();
      case "getLogger" -> logger;
      case "toString" -> "LocalContext[" + name + ", " + requestId + "]";
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args)
          : null;
    };
    return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, context);
  }

  /** LambdaLogger: lines to standard error, as sam local shows a function's log. */
  private static Object log(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("log") && args != null && args.length >= 1) {
      PrintStream err = System.err;
      err.println(args[0] instanceof byte[] bytes
          ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(args[0]));
      return null;
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    return switch (method.getName()) {
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "LocalLambdaLogger";
      default -> null;
    };
  }

  private static Class<?> loadOptional(String name, ClassLoader code) {
    try {
      return Class.forName(name, false, code);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** Every logger that exists now, with its settings (and a strong reference to it). */
  private static List<LoggerState> loggingState() {
    LogManager manager = LogManager.getLogManager();
    List<LoggerState> loggers = new ArrayList<>();
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger != null) {
        loggers.add(new LoggerState(logger, logger.getLevel(), List.of(logger.getHandlers()),
            logger.getUseParentHandlers()));
      }
    }
    return loggers;
  }

  private static void restore(LoggerState state) {
    Logger logger = state.logger();
    for (Handler handler : logger.getHandlers()) {
      if (!state.handlers().contains(handler)) {
        logger.removeHandler(handler);
      }
    }
    List<Handler> present = List.of(logger.getHandlers());
    for (Handler handler : state.handlers()) {
      if (!present.contains(handler)) {
        logger.addHandler(handler);
      }
    }
    logger.setLevel(state.level());
    logger.setUseParentHandlers(state.useParentHandlers());
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == failure ? String.valueOf(failure.getMessage())
        : failure.getMessage() + " (caused by " + cause + ")";
  }

  private static void closeQuietly(URLClassLoader code) {
    if (code != null) {
      try {
        code.close();
      } catch (IOException e) {
        // Nothing was loaded from it that is still used.
      }
    }
  }

  /** Closes the function's class loader; the handler is not called again. */
  @Override
  public synchronized void close() {
    if (started != null) {
      closeQuietly(started.loader());
      started = null;
    }
  }
}
