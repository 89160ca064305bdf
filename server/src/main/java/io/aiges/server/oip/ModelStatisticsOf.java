package io.aiges.server.oip;

import io.aiges.engine.service.InferenceStatistics;
import io.aiges.engine.service.Service;
import io.aiges.server.oip.grpc.v2.InferBatchStatistics;
import io.aiges.server.oip.grpc.v2.InferStatistics;
import io.aiges.server.oip.grpc.v2.ModelStatistics;
import io.aiges.server.oip.grpc.v2.StatisticDuration;

/**
 * A served model's statistics in Triton's shape ({@code ModelStatistics}), for gRPC
 * ModelStatistics and {@code GET /v2/models/{m}/stats} alike, from the engine's
 * {@link InferenceStatistics}. aiges times the engine call as one: {@code compute_infer} is that
 * call (a batch's call counted for each of its requests), and {@code compute_input} and
 * {@code compute_output} count the same requests with no time of their own, since handing tensors
 * to the engine and back is inside the call.
 */
final class ModelStatisticsOf {
    private ModelStatisticsOf() {
    }

    static ModelStatistics of(String name, String version, Service service) {
        InferenceStatistics.Snapshot now = service.statistics().snapshot();
        StatisticDuration noTime = duration(new InferenceStatistics.Tally(now.success().count(), 0));
        ModelStatistics.Builder out = ModelStatistics.newBuilder().setName(name).setVersion(version)
                .setLastInference(now.lastInferenceMillis())
                .setInferenceCount(now.success().count())
                .setExecutionCount(now.executions())
                .setInferenceStats(InferStatistics.newBuilder()
                        .setSuccess(duration(now.success()))
                        .setFail(duration(now.fail()))
                        .setQueue(duration(now.queue()))
                        .setComputeInput(noTime)
                        .setComputeInfer(duration(now.engine()))
                        .setComputeOutput(noTime));
        for (InferenceStatistics.BatchTally batch : now.batches()) {
            StatisticDuration calls = duration(new InferenceStatistics.Tally(batch.executions().count(), 0));
            out.addBatchStats(InferBatchStatistics.newBuilder().setBatchSize(batch.batchSize())
                    .setComputeInput(calls)
                    .setComputeInfer(duration(batch.executions()))
                    .setComputeOutput(calls));
        }
        return out.build();
    }

    private static StatisticDuration duration(InferenceStatistics.Tally tally) {
        return StatisticDuration.newBuilder().setCount(tally.count()).setNs(tally.nanos()).build();
    }
}
