package dev.isopool.operator.scrape;

import dev.isopool.operator.config.OperatorConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The operator's clock and its signals source, as beans, so that the reconciler gets them injected. */
public class ScrapeBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SignalsCollector signalsCollector(OperatorConfig config, Clock clock) {
        return new SignalsCollector(new SignalsScraper(Duration.ofMillis(config.signalsTimeoutMs()), null, clock),
                clock);
    }
}
