package org.musicanalytics.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import org.musicanalytics.client.report.ReportPage;
import org.musicanalytics.dashboard.internal.ApiError;
import org.musicanalytics.dashboard.internal.PipelineGateway;
import org.musicanalytics.dashboard.internal.ReadApi;
import org.musicanalytics.history.HistoryException;
import org.musicanalytics.history.HistoryStore;

/**
 * The dashboard's HTTP server (Javalin on Jetty): the page at {@code /}, its scripts and
 * Apache ECharts from the jar under {@code /assets}, the JSON REST API under {@code /api}
 * (described by {@code /api/openapi.json}) and the pipeline gateway
 * {@code POST /api/runs}. Everything but the gateway is read-only.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final Javalin app;

  /**
   * The server's settings.
   *
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param historyUrl the history's JDBC URL
   * @param maxBodyBytes the largest CSV {@code POST /api/runs} accepts
   * @param environment the pipeline runs' environment
   */
  public record Settings(String host, int port, String historyUrl, long maxBodyBytes,
      Map<String, String> environment) {}

  private DashboardServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts the server.
   *
   * @throws HistoryException if the history cannot be opened
   */
  public static DashboardServer start(Settings settings) {
    HistoryStore store = HistoryStore.open(settings.historyUrl());
    ReadApi api = new ReadApi(store);
    PipelineGateway gateway = new PipelineGateway(settings.historyUrl(),
        settings.maxBodyBytes(), settings.environment());
    String page = ReportPage.resource("dashboard/index.html");
    String openApi = ReportPage.resource("dashboard/openapi.json");
    String echarts = ReportPage.resource(ReportPage.ECHARTS);
    String charts = ReportPage.resource(ReportPage.CHARTS);
    String style = ReportPage.resource(ReportPage.STYLE);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = settings.host();
      config.jetty.port = settings.port();
      // The gateway enforces its own limit with a JSON answer; this bounds what Jetty reads.
      config.http.maxRequestSize = settings.maxBodyBytes() + 1;
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
      config.routes.get("/assets/echarts.min.js", script(echarts));
      config.routes.get("/assets/charts.js", script(charts));
      config.routes.get("/assets/style.css",
          ctx -> ctx.contentType("text/css; charset=utf-8").result(style));
      config.routes.get("/api/openapi.json",
          ctx -> ctx.contentType("application/json").result(openApi));
      config.routes.get("/api/runs", json(api::runs));
      config.routes.post("/api/runs", json(gateway::post));
      config.routes.get("/api/runs/{id}", json(api::run));
      config.routes.get("/api/runs/{id}/songs", json(api::songs));
      config.routes.get("/api/runs/{id}/users", json(api::users));
      config.routes.get("/api/runs/{id}/users/{user}", json(api::user));
      config.routes.get("/api/compare", json(api::compare));
      config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(),
          e.getMessage()));
      config.routes.exception(HistoryException.class, (e, ctx) -> error(ctx, 503,
          "history_unavailable", e.getMessage()));
      config.routes.error(404, ctx -> {
        // An ApiError's 404 has its JSON body already; Javalin's own (no route) has none.
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
          error(ctx, 404, "not_found", "no such path: " + ctx.path());
        }
      });
    });
    app.start();
    return new DashboardServer(app);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /** An endpoint whose answer is sent as JSON. */
  @FunctionalInterface
  private interface JsonEndpoint {
    Object answer(Context ctx) throws Exception;
  }

  private static Handler json(JsonEndpoint endpoint) {
    return ctx -> {
      Object answer = endpoint.answer(ctx);
      ctx.contentType("application/json").result(GSON.toJson(answer));
    };
  }

  private static Handler script(String code) {
    return ctx -> ctx.contentType("text/javascript; charset=utf-8").result(code);
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).contentType("application/json")
        .result(GSON.toJson(Map.of("error", code, "message", message)));
  }
}
