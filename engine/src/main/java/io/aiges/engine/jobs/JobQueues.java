package io.aiges.engine.jobs;

import io.aiges.engine.AigesError;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens the job store {@code [jobs] backend} names, from the backends on the class path. */
public final class JobQueues {
    private JobQueues() {
    }

    public static JobQueue open(JobsConfig config) {
        if (config.backend().equals(JobsConfig.MEMORY)) {
            return new InProcessJobQueue(config);
        }
        List<String> known = new ArrayList<>(List.of(JobsConfig.MEMORY));
        for (JobQueueFactory factory : ServiceLoader.load(JobQueueFactory.class)) {
            if (factory.backend().equals(config.backend())) {
                return factory.open(config);
            }
            known.add(factory.backend());
        }
        throw AigesError.WRAPPER_LOAD.exception("[jobs] backend = \"" + config.backend()
                + "\" is not available; backends on the class path: " + String.join(", ", known));
    }
}
