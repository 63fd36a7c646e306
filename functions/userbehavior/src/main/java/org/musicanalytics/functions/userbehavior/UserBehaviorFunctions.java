package org.musicanalytics.functions.userbehavior;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/** The user-behaviour module's stage. */
public final class UserBehaviorFunctions implements AnalyticsFunctionProvider {

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    AnalyzeUsers analyzeUsers = new AnalyzeUsers();
    return List.of(new AnalyticsFunction<>(StageRpc.ANALYZE_USERS.functionName(),
        StreamList.class, UserStatsList.class, analyzeUsers,
        request -> analyzeUsers.applyWire(request).toByteArray()));
  }
}
