package org.musicanalytics.lambdalocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Test fixture: a SAM template of {@link ScriptedHandler} functions and the jar they run
 * from, written to a directory. Functions: {@code Echo}, {@code Failing} (throws
 * {@code IllegalArgumentException: boom}), {@code Slow} (sleeps 5 s; its Timeout is 1 s),
 * {@code Huge} (answers 7 MB), {@code BrokenInit} (its constructor throws),
 * {@code ResetsLogging} (resets the JDK's logging at init).
 */
public final class ScriptedFunctions {

  private ScriptedFunctions() {}

  /** Writes {@code scripted.jar} and {@code template.yaml} into {@code directory}. */
  public static Path write(Path directory) throws IOException {
    writeJar(directory.resolve("scripted.jar"));
    return Files.writeString(directory.resolve("template.yaml"), """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: java21
            Handler: org.musicanalytics.lambdalocal.ScriptedHandler::handleRequest
            CodeUri: scripted.jar
            Timeout: 20
            Environment:
              Variables:
                MAIN_CLASS: not.used.Main
        Resources:
          Echo:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: echo-function
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: echo
          Failing:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: "fail:boom"
          Slow:
            Type: AWS::Serverless::Function
            Properties:
              Timeout: 1
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: "sleep:5000"
          Huge:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: "big:7000000"
          BrokenInit:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: "init-fail:no config"
          ResetsLogging:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  SPRING_CLOUD_FUNCTION_DEFINITION: reset-logging
          Api:
            Type: AWS::Serverless::HttpApi
            Properties:
              StageName: !Ref AWS::NoValue
        Outputs:
          EchoArn:
            Value: !GetAtt Echo.Arn
          Url:
            Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com"
        """);
  }

  private static void writeJar(Path jar) throws IOException {
    String entry = ScriptedHandler.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream in = ScriptedHandler.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IOException(entry + " not found among the test classes");
      }
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }
}
