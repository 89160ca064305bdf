package io.aiges.config;

import io.aiges.config.triton.ModelVersionPolicy;
import io.aiges.engine.AigesError;

import java.nio.file.Path;
import java.util.List;

/**
 * Which versions a Triton {@code version_policy} allows, of the version folders present: the
 * latest N (N = 1 when unset, as Triton), all, or the specific ones listed. aiges's repository
 * serves one version per model, so of those allowed the highest is served; when more are allowed
 * the model's load warning says so.
 */
final class TritonVersionPolicy {

    /** @param allowed the versions the policy allows, lowest first; {@code served} is the last */
    record Choice(String served, List<String> allowed) {
    }

    private TritonVersionPolicy() {
    }

    /**
     * @param present the servable version folders, lowest first, never empty
     * @throws io.aiges.engine.AigesException 10903 when the policy allows none of them
     */
    static Choice choose(ModelVersionPolicy policy, List<String> present, Path file, String name) {
        List<String> allowed = switch (policy.getPolicyChoiceCase()) {
            case ALL -> present;
            case SPECIFIC -> present.stream()
                    .filter(version -> policy.getSpecific().getVersionsList().contains(Long.parseLong(version))).toList();
            case LATEST, POLICYCHOICE_NOT_SET -> {
                // An unsigned count: protobuf hands its high values over as negative ints.
                long latest = Integer.toUnsignedLong(policy.getLatest().getNumVersions());
                int count = (int) Math.min(present.size(), latest == 0 ? 1 : latest);
                yield present.subList(present.size() - count, present.size());
            }
        };
        if (allowed.isEmpty()) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + file + ": version_policy specific allows "
                    + policy.getSpecific().getVersionsList() + ", none of which is a version folder with a model"
                    + " (present: " + present + ")");
        }
        return new Choice(allowed.getLast(), List.copyOf(allowed));
    }
}
