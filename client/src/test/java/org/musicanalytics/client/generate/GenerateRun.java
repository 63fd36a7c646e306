package org.musicanalytics.client.generate;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code generate}, with what it printed and wrote to stdout. */
record GenerateRun(int exitCode, String out, String err, byte[] standardOutput) {

  static GenerateRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream standardOutput = new ByteArrayOutputStream();
    CommandLine commandLine = new CommandLine(new GenerateCommand(standardOutput));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new GenerateRun(exitCode, out.toString(), err.toString(),
        standardOutput.toByteArray());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
