package io.aiges.server.oip;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.repository.ModelRepository;

import java.util.List;

/**
 * The model repository as the protocol's repository extension reaches it: {@code index} whenever
 * the server serves a repository, {@code load} and {@code unload} only when {@code control} is on
 * ({@code aiges serve --model-control}): off by default, since whoever reaches the port could
 * otherwise swap the models it serves. REST ({@link OipRoutes}) and gRPC ({@link OipGrpcService})
 * both go through here, so they list, load and refuse alike; each only picks its own status for
 * the two refusals (REST 404 and 403, gRPC UNIMPLEMENTED and PERMISSION_DENIED).
 *
 * @param repository null when the server serves no repository
 */
public record RepositoryApi(ModelRepository repository, boolean control) {
    /** A server that serves no repository. */
    public static final RepositoryApi NONE = new RepositoryApi(null, false);

    /** Why {@link #index} is not offered here (10404: no repository is served), or null when it is. */
    public AigesException indexRefusal() {
        return repository != null ? null : AigesError.SERVICE_NOT_FOUND.exception(
                "this server serves no model repository (start it with aiges serve --model-repository DIR)");
    }

    /**
     * Why {@code action} ("load" or "unload") is refused here (10003: model control is off, or
     * no repository is served), or null when it is allowed.
     */
    public AigesException controlRefusal(String action) {
        if (repository != null && control) {
            return null;
        }
        return AigesError.INVALID_OP.exception("model " + action + " is off on this server"
                + (repository == null ? ": it serves no model repository" : ": start it with --model-control to allow it"));
    }

    /**
     * Every model of the repository with its state, or only the READY ones. Lists the folder:
     * call it off event loops. Throws {@link #indexRefusal()} when it is not offered.
     */
    public List<ModelRepository.Entry> index(boolean onlyReady) {
        refuse(indexRefusal());
        return repository.index().stream()
                .filter(entry -> !onlyReady || entry.state() == ModelRepository.State.READY)
                .toList();
    }

    /**
     * Loads (or reloads) the model's highest version: 10404 for a model the folder does not
     * hold, 10903 when it does not load. Slow: call it off event loops. Throws
     * {@link #controlRefusal} when it is not allowed.
     */
    public void load(String model) {
        refuse(controlRefusal("load"));
        repository.load(model);
    }

    /** Stops serving the model: 10404 when it is not served. Throws {@link #controlRefusal} when not allowed. */
    public void unload(String model) {
        refuse(controlRefusal("unload"));
        repository.unload(model);
    }

    private static void refuse(AigesException refusal) {
        if (refusal != null) {
            throw refusal;
        }
    }
}
