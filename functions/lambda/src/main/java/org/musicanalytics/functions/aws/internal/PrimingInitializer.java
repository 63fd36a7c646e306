package org.musicanalytics.functions.aws.internal;

import org.crac.Core;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Adds {@link FunctionPriming} to a function jar's Spring context and registers it with
 * the global CRaC context, which Lambda SnapStart notifies before its snapshot.
 *
 * <p>Listed in {@code META-INF/spring.factories}, so Spring Boot applies it to the context
 * {@code FunctionInvoker} starts, next to the application's own functional registrations:
 * one bean registered by a supplier, nothing scanned.
 */
public final class PrimingInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (context instanceof GenericApplicationContext generic) {
      generic.registerBean(FunctionPriming.BEAN_NAME, FunctionPriming.class, () -> {
        FunctionPriming priming = new FunctionPriming(context);
        Core.getGlobalContext().register(priming);
        return priming;
        // Created at refresh even with spring.main.lazy-initialization: nothing asks for
        // this bean, and unless it exists the snapshot is taken unprimed.
      }, definition -> definition.setLazyInit(false));
    }
  }
}
