package org.musicanalytics.client.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code report.html}: one run's charts in a self-contained page, with its CSS, Apache
 * ECharts, the chart code and the run's data inline, so it fetches nothing and can be
 * opened from the folder or mailed. The dashboard serves the same style and chart code.
 */
public final class ReportPage {

  /** The page's file name. */
  public static final String FILE_NAME = "report.html";

  /** Apache ECharts in its WebJar. */
  public static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/"
      + "echarts.min.js";

  /** The chart code, shared with the dashboard. */
  public static final String CHARTS = "org/musicanalytics/client/report/charts.js";

  /** The style, shared with the dashboard. */
  public static final String STYLE = "org/musicanalytics/client/report/style.css";

  private static final String TEMPLATE = "org/musicanalytics/client/report/report.html";
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private ReportPage() {}

  /** The page of the run whose view (the history's {@code RunView}) is {@code view}. */
  public static String html(Map<String, Object> view) {
    return resource(TEMPLATE)
        .replace("/*STYLE*/", resource(STYLE))
        .replace("/*ECHARTS*/", inScript(resource(ECHARTS)))
        .replace("/*CHARTS*/", inScript(resource(CHARTS)))
        .replace("/*VIEW*/", inScript(GSON.toJson(view)));
  }

  /** A class-path resource as text. */
  public static String resource(String name) {
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text that cannot end the inline script it is put in. */
  private static String inScript(String text) {
    return text.replace("</script", "<\\/script");
  }
}
